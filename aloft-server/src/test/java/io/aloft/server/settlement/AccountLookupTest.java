package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.money.Money;
import io.aloft.server.ServerConfig;
import io.aloft.server.SharedPostgres;
import io.aloft.server.TestServer;
import io.aloft.server.account.Account;
import io.aloft.server.account.AccountStandings;
import io.aloft.server.account.Accounts;
import io.aloft.server.allowance.Allowances;
import io.aloft.server.db.Database;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.Principal;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.report.SettlementReports;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the console's account pages read and how their actions run once, on a real PostgreSQL that
 * a real server settles payments into: account search, an account's payments and credentials, its
 * standing (the same numbers as {@code GET /v1/accounts/{id}}), and {@link Idempotency#once}.
 */
class AccountLookupTest {
  private static TestServer server;
  private static Database database;
  private static Accounts accounts;
  private static SettlementReports reports;

  @BeforeAll
  static void start() {
    String url = SharedPostgres.freshDatabase();
    server = TestServer.start(config -> config.withDatabase(url, null, null));
    database = Database.open(url, null, null, new SimpleMeterRegistry());
    accounts = new Accounts(database, new Ledger(database), Clock.systemUTC(), new SecureRandom());
    reports = new SettlementReports(database);
  }

  @AfterAll
  static void stop() {
    database.close();
    server.close();
  }

  private static long create(String name) {
    return accounts.create(name, 2, Money.of(0, "CNY"), Optional.empty(), null).account().id();
  }

  private static List<Long> ids(Accounts.SearchPage page) {
    return page.accounts().stream().map(Account::id).toList();
  }

  @Test
  void search_findsByPartOfTheNameInAnyCase_orByTheId_newestFirst() {
    long ada = create("Ada Lovelace");
    long adam = create("ADAM Smith");
    long bo = create("Bo Chen");

    assertThat(ids(accounts.search("ada", Optional.empty(), 25))).containsSubsequence(adam, ada).doesNotContain(bo);
    assertThat(ids(accounts.search("  lovelace ", Optional.empty(), 25))).containsExactly(ada);
    assertThat(ids(accounts.search(String.valueOf(bo), Optional.empty(), 25))).contains(bo);
    assertThat(ids(accounts.search("nobody-has-this-name", Optional.empty(), 25))).isEmpty();
  }

  @Test
  void search_matchesPercentAndUnderscoreAsThemselves() {
    long literal = create("50%_off Ltd");
    create("500 offices");

    assertThat(ids(accounts.search("0%_o", Optional.empty(), 25))).containsExactly(literal);
    assertThat(ids(accounts.search("%", Optional.empty(), 25))).containsExactly(literal);
  }

  @Test
  void search_pagesWithACursor_withoutRepeatsOrGaps() {
    List<Long> created = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      created.add(create("Pager Person " + i));
    }
    List<Long> seen = new ArrayList<>();
    Optional<Long> cursor = Optional.empty();
    int pages = 0;
    while (true) {
      Accounts.SearchPage page = accounts.search("pager person", cursor, 3);
      seen.addAll(ids(page));
      pages++;
      if (!page.hasMore()) {
        break;
      }
      cursor = Optional.of(page.accounts().get(page.accounts().size() - 1).id());
    }
    assertThat(pages).isEqualTo(3);
    List<Long> newestFirst = new ArrayList<>(created);
    java.util.Collections.reverse(newestFirst);
    assertThat(seen).containsExactlyElementsOf(newestFirst);
  }

  @Test
  void search_refusesAnEmptyOrOverlongQuery_andAnOutOfRangePage() {
    assertThatThrownBy(() -> accounts.search(" ", Optional.empty(), 25)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> accounts.search("x".repeat(Accounts.MAX_SEARCH_LENGTH + 1), Optional.empty(), 25))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> accounts.search("x", Optional.empty(), Accounts.MAX_SEARCH_PAGE + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anAccountsPayments_areListedNewestFirst_inPagesThatJoinUp_andItsCredentialWithTheFlight() {
    Aboard flight = new Aboard(server, 1);
    Aboard.Passenger payer = flight.passenger(100_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    List<Aboard.Sale> sales = new ArrayList<>();
    for (long amount : new long[] {1_100, 1_200, 1_300, 1_400, 1_500}) {
      sales.add(flight.handshake(cart, payer, amount));
    }
    SettlementReport report = flight.upload(flight.batch(cart, sales.stream().<io.aloft.protocol.message.BatchEntry>map(Aboard.Sale::entry).toList()));
    assertThat(report.entries()).allMatch(entry -> entry.outcome() == SettlementOutcome.SETTLED);

    List<SettlementReports.AccountPayment> all = new ArrayList<>();
    Optional<SettlementReports.PaymentCursor> after = Optional.empty();
    do {
      SettlementReports.AccountPayments page = reports.paymentsOfAccount(payer.accountId, after, 2);
      all.addAll(page.payments());
      after = page.hasMore()
          ? Optional.of(page.payments().get(page.payments().size() - 1).cursor()) : Optional.empty();
      // The cursor survives a trip through a link.
      after = after.flatMap(cursor -> SettlementReports.PaymentCursor.parse(cursor.toString()));
    } while (after.isPresent());

    assertThat(all).extracting(SettlementReports.AccountPayment::paymentId)
        .containsExactlyInAnyOrderElementsOf(sales.stream().map(sale -> sale.id().toString()).toList())
        .doesNotHaveDuplicates();
    assertThat(all).extracting(SettlementReports.AccountPayment::settledAt).isSortedAccordingTo(
        java.util.Comparator.reverseOrder());
    assertThat(all).allSatisfy(payment -> {
      assertThat(payment.flightId()).isEqualTo(flight.flightId);
      assertThat(payment.flightCode()).isEqualTo(flight.airline.code() + server.text(
          "SELECT flight_number FROM flights WHERE id = " + flight.flightId));
      assertThat(payment.fundedBy()).isEqualTo("payer");
      assertThat(payment.payerCurrency()).isEqualTo("CNY");
    });
    assertThat(all).extracting(SettlementReports.AccountPayment::chargedMinor)
        .containsExactlyInAnyOrder(1_100L, 1_200L, 1_300L, 1_400L, 1_500L);

    List<SettlementReports.AccountCredential> credentials = reports.credentialsOfAccount(payer.accountId, 50);
    assertThat(credentials).hasSize(1);
    SettlementReports.AccountCredential credential = credentials.get(0);
    assertThat(credential.serial()).isEqualTo(payer.credential.serial().hex());
    assertThat(credential.flightId()).isEqualTo(flight.flightId);
    assertThat(credential.state(java.time.Instant.now())).isEqualTo("valid");
    assertThat(credential.state(credential.validUntil())).isEqualTo("expired");

    assertThat(SettlementReports.PaymentCursor.parse("zz.1.2")).isEmpty();
    assertThat(SettlementReports.PaymentCursor.parse("abc.1.2")).as("odd hex").isEmpty();
    assertThat(SettlementReports.PaymentCursor.parse(null)).isEmpty();
  }

  @Test
  void theStanding_isWhatTheApiShows() {
    Aboard flight = new Aboard(server, 1);
    Aboard.Passenger payer = flight.passenger(5_000);
    ServerConfig defaults = ServerConfig.defaults();
    AccountStandings standings = new AccountStandings(defaults.scoreProvider(), defaults.eligibility(),
        new Allowances(database, defaults.settlementWindow()), Clock.systemUTC());

    AccountStandings.Standing standing = standings.of(accounts.find(payer.accountId).orElseThrow());
    JsonNode api = TestServer.check(server.get("/v1/accounts/" + payer.accountId, TestServer.ADMIN_KEY), 200).json();

    assertThat(standing.score().value()).isEqualTo(api.at("/score/value").asInt());
    assertThat(standing.score().source()).isEqualTo(api.at("/score/source").asText());
    assertThat(standing.thresholdScore()).isEqualTo(api.at("/score/thresholdScore").asInt());
    assertThat(standing.allowance().limitMinor()).isEqualTo(api.at("/offlineAllowance/limit/amountMinor").asLong());
    assertThat(standing.allowance().reservedMinor()).as("the enrolment holds its limit")
        .isEqualTo(api.at("/offlineAllowance/inUse/amountMinor").asLong()).isPositive();
    assertThat(standing.tier()).isPresent();
  }

  @Test
  void once_runsTheActionOnce_andASecondSubmitGetsTheFirstResult() {
    Idempotency idempotency = new Idempotency(database, Clock.systemUTC());
    AtomicInteger runs = new AtomicInteger();
    byte[] request = "amount=12.50\n".getBytes(StandardCharsets.UTF_8);
    java.util.function.Supplier<Idempotency.Stored> action = () -> new Idempotency.Stored(303, "text/plain",
        ("/console/accounts/1?done=" + runs.incrementAndGet()).getBytes(StandardCharsets.UTF_8));

    Idempotency.Stored first = idempotency.once(new Principal.Admin(), "POST", "/console/accounts/1/top-up", "k1",
        request, action);
    Idempotency.Stored again = idempotency.once(new Principal.Admin(), "POST", "/console/accounts/1/top-up", "k1",
        request, action);

    assertThat(runs).hasValue(1);
    assertThat(again.status()).isEqualTo(303);
    assertThat(again.body()).isEqualTo(first.body());
    assertThatThrownBy(() -> idempotency.once(new Principal.Admin(), "POST", "/console/accounts/1/top-up", "k1",
        "amount=99.00\n".getBytes(StandardCharsets.UTF_8), action))
        .isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.slug()).isEqualTo(
            "idempotency-key-reused"));
    assertThatThrownBy(() -> idempotency.once(new Principal.Admin(), "POST", "/console/accounts/1/top-up", null,
        request, action)).isInstanceOfSatisfying(ApiProblem.class, problem -> assertThat(problem.status())
        .isEqualTo(400));
    assertThat(runs).hasValue(1);
    // Another form (another key) runs again.
    idempotency.once(new Principal.Admin(), "POST", "/console/accounts/1/top-up", "k2", request, action);
    assertThat(runs).hasValue(2);
  }

  @Test
  void theApisAccountChanges_areAudited_onceEach_withTheRequestId() {
    long id = create("Audited Person");
    Map<String, String> key = Map.of("Idempotency-Key", "audit-" + id);
    TestServer.Response first = TestServer.check(server.post("/v1/accounts/" + id + "/top-ups", TestServer.ADMIN_KEY,
        Map.of("amountMinor", 2_500, "currency", "CNY"), key), 200);
    TestServer.check(server.post("/v1/accounts/" + id + "/top-ups", TestServer.ADMIN_KEY,
        Map.of("amountMinor", 2_500, "currency", "CNY"), key), 200);
    TestServer.check(server.post("/v1/accounts/" + id + "/status", TestServer.ADMIN_KEY,
        Map.of("status", "suspended")), 200);
    TestServer.check(server.post("/v1/accounts/" + id + "/score", TestServer.ADMIN_KEY,
        Map.of("score", 700, "source", "bureau")), 200);
    TestServer.check(server.post("/v1/accounts/" + id + "/write-off", TestServer.ADMIN_KEY, Map.of("all", true)), 200);
    assertThat(server.post("/v1/accounts/" + id + "/score", TestServer.ADMIN_KEY, Map.of("score", 900)).status())
        .isEqualTo(400);

    String subject = "'account:" + id + "'";
    assertThat(server.number("SELECT count(*) FROM audit_log WHERE subject = " + subject)).isEqualTo(4);
    assertThat(server.text("SELECT request_id FROM audit_log WHERE action = 'account.top-up' AND subject = "
        + subject)).isEqualTo(first.header("Request-Id"));
    assertThat(server.text("SELECT detail FROM audit_log WHERE action = 'account.top-up' AND subject = " + subject))
        .isEqualTo("topped up 25.00 CNY; balance now 25.00 CNY, arrears 0.00 CNY, written off 0.00 CNY");
    assertThat(server.text("SELECT detail FROM audit_log WHERE action = 'account.score' AND subject = " + subject))
        .isEqualTo("score set to 700 (source bureau)");
    assertThat(server.text("SELECT actor FROM audit_log WHERE action = 'account.status' AND subject = " + subject))
        .isEqualTo("admin");
  }

  @Test
  void writeOffAndTopUpLimits_areTheApis() {
    long id = create("Limit Tester");
    JsonNode over = server.post("/v1/accounts/" + id + "/top-ups", TestServer.ADMIN_KEY,
        Map.of("amountMinor", Accounts.MAX_TOP_UP_MINOR + 1, "currency", "CNY")).json();
    assertThat(over.get("detail").asText()).contains(String.valueOf(Accounts.MAX_TOP_UP_MINOR));
    JsonNode days = server.post("/v1/accounts/" + id + "/write-off", TestServer.ADMIN_KEY,
        Map.of("olderThanDays", Accounts.MAX_WRITE_OFF_AGE_DAYS + 1)).json();
    assertThat(days.get("detail").asText()).contains(String.valueOf(Accounts.MAX_WRITE_OFF_AGE_DAYS));
  }
}
