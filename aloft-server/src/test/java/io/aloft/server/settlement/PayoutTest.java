package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.server.TestServer;
import io.aloft.testkit.Api.Response;
import io.aloft.testkit.ShiftedClock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator pays an airline what the ledger owes it: the merchant balance goes down by exactly
 * the amount, the ledger stays balanced, every refusal has its own problem type, a repeated
 * Idempotency-Key pays once, and the airline's statement over a period with a payout reconciles
 * with the ledger.
 */
class PayoutTest {
  private static final ShiftedClock CLOCK = new ShiftedClock();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(config -> config.withClock(CLOCK));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A flight whose terminal settled two sales today; returns it with what the airline is owed. */
  private static Aboard settledFlight() {
    Aboard flight = new Aboard(server, 1);
    Aboard.Passenger payer = flight.passenger(100_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Aboard.Sale first = flight.handshake(cart, payer, 4_000);
    Aboard.Sale second = flight.handshake(cart, payer, 2_550);
    SettlementReport report = flight.upload(flight.batch(cart, List.of(first.entry(), second.entry())));
    assertThat(report.entries()).allMatch(e -> e.outcome() == SettlementOutcome.SETTLED);
    return flight;
  }

  /** What the ledger says the airline is owed in CNY. */
  private static long owed(Aboard flight) {
    JsonNode report = TestServer.check(server.get("/v1/airlines/" + flight.airline.id() + "/settlement-report",
        TestServer.ADMIN_KEY), 200).json();
    for (JsonNode line : report.get("ledger")) {
      if (line.get("currency").asText().equals("CNY")) {
        return line.get("merchantLedgerBalanceMinor").asLong();
      }
    }
    return 0;
  }

  private static Response pay(long airlineId, Map<String, Object> body, String key) {
    return server.post("/v1/airlines/" + airlineId + "/payouts", TestServer.ADMIN_KEY, body,
        Map.of("Idempotency-Key", key));
  }

  private static Map<String, Object> cny(long amountMinor) {
    return Map.of("amountMinor", amountMinor, "currency", "CNY");
  }

  private static void assertBalanced() {
    JsonNode check = TestServer.check(server.get("/v1/ledger/check", TestServer.ADMIN_KEY), 200).json();
    assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
    assertThat(check.get("payoutsOutOfStep").asLong()).isZero();
  }

  private static String problem(Response response) {
    return response.json().get("type").asText().substring("urn:aloft:problem:".length());
  }

  @Test
  void aPayout_lowersTheMerchantBalanceExactly_andARepeatedKeyPaysOnce() {
    Aboard flight = settledFlight();
    long owedBefore = owed(flight);
    assertThat(owedBefore).as("sales less fees").isPositive().isLessThan(6_550);

    Response paid = pay(flight.airline.id(), Map.of("amountMinor", 1_234L, "currency", "CNY",
        "bankReference", "HSBC 889-001"), "payout-a");
    TestServer.check(paid, 201);
    assertThat(paid.json().at("/payout/reference").asText()).matches("PO-[0-9]{6,}");
    assertThat(paid.json().at("/payout/amount/amountMinor").asLong()).isEqualTo(1_234);
    assertThat(paid.json().at("/payout/bankReference").asText()).isEqualTo("HSBC 889-001");
    assertThat(paid.json().at("/owedAfter/amountMinor").asLong()).isEqualTo(owedBefore - 1_234);
    assertThat(owed(flight)).isEqualTo(owedBefore - 1_234);
    assertThat(paid.header("Request-Id")).matches("[0-9a-f]{16}");

    Response again = pay(flight.airline.id(), Map.of("amountMinor", 1_234L, "currency", "CNY",
        "bankReference", "HSBC 889-001"), "payout-a");
    assertThat(again.status()).isEqualTo(201);
    assertThat(again.text()).isEqualTo(paid.text());
    assertThat(owed(flight)).as("paid once").isEqualTo(owedBefore - 1_234);
    assertThat(server.number("SELECT count(*) FROM payouts WHERE airline_id = " + flight.airline.id())).isEqualTo(1);
    assertThat(server.number("SELECT count(*) FROM audit_log WHERE action = 'payout.created' AND subject = 'airline:"
        + flight.airline.id() + "' AND detail LIKE '" + paid.json().at("/payout/reference").asText() + " %'"
        + " AND request_id = '" + paid.header("Request-Id") + "'")).isEqualTo(1);
    assertBalanced();

    TestServer.check(pay(flight.airline.id(), cny(owedBefore - 1_234), "payout-b"), 201);
    assertThat(owed(flight)).as("paid in full").isZero();
    assertBalanced();

    String reference = paid.json().at("/payout/reference").asText();
    server.sql("UPDATE payouts SET amount_minor = amount_minor + 1 WHERE reference = ?", reference);
    JsonNode tampered = TestServer.check(server.get("/v1/ledger/check", TestServer.ADMIN_KEY), 200).json();
    assertThat(tampered.get("payoutsOutOfStep").asLong()).as("a payout row that disagrees with its entry").isEqualTo(1);
    assertThat(tampered.get("balanced").asBoolean()).isFalse();
    server.sql("UPDATE payouts SET amount_minor = amount_minor - 1 WHERE reference = ?", reference);
    assertBalanced();
  }

  /**
   * An Idempotency-Key belongs to its endpoint, so one key used for two airlines' payouts pays
   * each airline; the second must not be answered with the first airline's payout.
   */
  @Test
  void oneKey_onTwoAirlinesPayouts_paysEachAirline() {
    Aboard first = settledFlight();
    Aboard second = settledFlight();

    Response paidFirst = TestServer.check(pay(first.airline.id(), cny(1_000), "monthly-run"), 201);
    Response paidSecond = TestServer.check(pay(second.airline.id(), cny(1_100), "monthly-run"), 201);

    assertThat(paidFirst.json().at("/payout/airlineId").asLong()).isEqualTo(first.airline.id());
    assertThat(paidSecond.json().at("/payout/airlineId").asLong()).isEqualTo(second.airline.id());
    assertThat(paidSecond.json().at("/payout/amount/amountMinor").asLong()).isEqualTo(1_100);
    assertThat(server.number("SELECT count(*) FROM payouts WHERE airline_id = " + second.airline.id())).isEqualTo(1);
    assertBalanced();
  }

  @Test
  void everyRefusal_isTyped_andMovesNothing() {
    Aboard flight = settledFlight();
    long owed = owed(flight);
    long airlineId = flight.airline.id();

    Response over = pay(airlineId, cny(owed + 1), "over");
    assertThat(over.status()).isEqualTo(422);
    assertThat(problem(over)).isEqualTo("payout-over-owed");
    assertThat(over.json().get("owedMinor").asLong()).isEqualTo(owed);

    Response zero = pay(airlineId, cny(0), "zero");
    assertThat(zero.status()).isEqualTo(422);
    assertThat(problem(zero)).isEqualTo("payout-amount-not-positive");
    Response negative = pay(airlineId, cny(-5), "negative");
    assertThat(negative.status()).isEqualTo(422);
    assertThat(problem(negative)).isEqualTo("payout-amount-not-positive");

    Response otherCurrency = pay(airlineId, Map.of("amountMinor", 100L, "currency", "USD"), "usd");
    assertThat(otherCurrency.status()).isEqualTo(422);
    assertThat(problem(otherCurrency)).isEqualTo("payout-nothing-owed");

    Response unknown = pay(999_999_999L, cny(100), "unknown");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(problem(unknown)).isEqualTo("not-found");

    Response noKey = server.post("/v1/airlines/" + airlineId + "/payouts", TestServer.ADMIN_KEY, cny(100));
    assertThat(noKey.status()).isEqualTo(400);
    assertThat(noKey.json().get("detail").asText()).contains("Idempotency-Key");

    Response airlineItself = server.post("/v1/airlines/" + airlineId + "/payouts", flight.airline.merchantKey(),
        cny(100), Map.of("Idempotency-Key", "self"));
    assertThat(airlineItself.status()).isEqualTo(403);

    assertThat(owed(flight)).as("nothing moved").isEqualTo(owed);
    assertThat(server.number("SELECT count(*) FROM payouts WHERE airline_id = " + airlineId)).isZero();
    TestServer.check(pay(airlineId, cny(owed), "all"), 201);
    Response nothingLeft = pay(airlineId, cny(1), "more");
    assertThat(problem(nothingLeft)).isEqualTo("payout-nothing-owed");
    assertThat(nothingLeft.json().get("owedMinor").asLong()).isZero();
    assertBalanced();
  }

  @Test
  void twoPayoutsOfTheWholeBalanceAtOnce_payItOnce() throws Exception {
    Aboard flight = settledFlight();
    long owed = owed(flight);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 4; i++) {
        String key = "race-" + i;
        answers.add(pool.submit(() -> pay(flight.airline.id(), cny(owed), key)));
      }
      List<Integer> statuses = new java.util.ArrayList<>();
      for (java.util.concurrent.Future<Response> answer : answers) {
        statuses.add(answer.get().status());
      }
      assertThat(statuses).containsExactlyInAnyOrder(201, 422, 422, 422);
    } finally {
      pool.shutdownNow();
    }
    assertThat(owed(flight)).isZero();
    assertThat(server.number("SELECT count(*) FROM payouts WHERE airline_id = " + flight.airline.id())).isEqualTo(1);
    assertBalanced();
  }

  @Test
  void payouts_areListedNewestFirst_withACursor_forTheOperatorAndThatAirlineOnly() {
    Aboard flight = settledFlight();
    long airlineId = flight.airline.id();
    String first = TestServer.check(pay(airlineId, cny(100), "list-1"), 201).json().at("/payout/reference").asText();
    String second = TestServer.check(pay(airlineId, cny(200), "list-2"), 201).json().at("/payout/reference").asText();

    JsonNode page = TestServer.check(server.get("/v1/airlines/" + airlineId + "/payouts?limit=1",
        flight.airline.merchantKey()), 200).json();
    assertThat(page.get("data")).hasSize(1);
    assertThat(page.at("/data/0/reference").asText()).isEqualTo(second);
    assertThat(page.get("hasMore").asBoolean()).isTrue();
    assertThat(page.at("/owed/0/amountMinor").asLong()).isEqualTo(owed(flight));
    long cursor = page.at("/data/0/id").asLong();
    JsonNode next = TestServer.check(server.get("/v1/airlines/" + airlineId + "/payouts?limit=1&starting_after="
        + cursor, TestServer.ADMIN_KEY), 200).json();
    assertThat(next.at("/data/0/reference").asText()).isEqualTo(first);
    assertThat(next.get("hasMore").asBoolean()).isFalse();

    TestServer.AirlineFixture other = server.airline();
    assertThat(server.get("/v1/airlines/" + airlineId + "/payouts", other.merchantKey()).status()).isEqualTo(403);
    assertThat(server.get("/v1/airlines/" + airlineId + "/payouts?limit=0", TestServer.ADMIN_KEY).status())
        .isEqualTo(400);
    assertThat(server.get("/v1/airlines/" + airlineId + "/statement?from=2026-01-01&to=2026-12-31",
        other.merchantKey()).status()).isEqualTo(403);
  }

  @Test
  void theStatement_overAPeriodWithAPayout_reconcilesWithTheLedger() {
    Aboard flight = settledFlight();
    long airlineId = flight.airline.id();
    long net = owed(flight);
    LocalDate salesDay = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
    CLOCK.advanceTo(Duration.ofDays(1));
    try {
      LocalDate payoutDay = LocalDate.ofInstant(CLOCK.instant(), ZoneOffset.UTC);
      String reference = TestServer.check(pay(airlineId, cny(net - 50), "statement"), 201).json()
          .at("/payout/reference").asText();
      long owedNow = owed(flight);
      assertThat(owedNow).isEqualTo(50);

      JsonNode both = statement(airlineId, salesDay, payoutDay);
      JsonNode cny = both.at("/currencies/0");
      assertThat(cny.get("currency").asText()).isEqualTo("CNY");
      assertThat(cny.get("openingMinor").asLong()).isZero();
      assertThat(movement(cny, "payment")).isEqualTo(net);
      assertThat(movement(cny, "payout")).isEqualTo(-(net - 50));
      assertThat(cny.get("closingMinor").asLong()).as("closing is the ledger's balance").isEqualTo(owedNow);
      long sum = cny.get("openingMinor").asLong();
      for (JsonNode movement : cny.get("movements")) {
        sum += movement.get("amountMinor").asLong();
      }
      assertThat(sum).as("opening + movements = closing").isEqualTo(cny.get("closingMinor").asLong());
      assertThat(cny.get("feesMinor").asLong()).isEqualTo(6_550 - net);
      JsonNode lines = both.get("lines");
      assertThat(lines.get(lines.size() - 1).get("reference").asText()).isEqualTo(reference);
      assertThat(lines.get(lines.size() - 1).get("balanceMinor").asLong()).isEqualTo(owedNow);

      JsonNode before = statement(airlineId, salesDay, salesDay).at("/currencies/0");
      assertThat(before.get("closingMinor").asLong()).as("owed at the end of the sales day").isEqualTo(net);
      assertThat(movement(before, "payout")).isZero();
      JsonNode after = statement(airlineId, payoutDay, payoutDay).at("/currencies/0");
      assertThat(after.get("openingMinor").asLong()).as("opening = the previous period's closing").isEqualTo(net);
      assertThat(movement(after, "payment")).isZero();
      assertThat(after.get("closingMinor").asLong()).isEqualTo(owedNow);

      Response csv = server.send("GET", "/v1/airlines/" + airlineId + "/statement?from=" + salesDay + "&to="
          + payoutDay, TestServer.ADMIN_KEY, null, Map.of("Accept", "text/csv"));
      assertThat(csv.status()).isEqualTo(200);
      assertThat(csv.contentType()).startsWith("text/csv");
      assertThat(csv.text()).startsWith("row,currency,at,kind,reference,ledger_entry,entries,amount,balance\r\n")
          .contains("\r\nclosing,CNY," + payoutDay.plusDays(1) + "T00:00:00Z,,,,,,0.50\r\n")
          .contains(",payout," + reference + ",");
      assertThat(server.get("/v1/airlines/" + airlineId + "/statement.csv?from=" + salesDay + "&to=" + payoutDay,
          TestServer.ADMIN_KEY).text()).isEqualTo(csv.text());

      assertThat(server.get("/v1/airlines/" + airlineId + "/statement?from=" + payoutDay + "&to=" + salesDay,
          TestServer.ADMIN_KEY).status()).as("to before from").isEqualTo(400);
      assertThat(server.get("/v1/airlines/" + airlineId + "/statement?from=2025-01-01&to=2026-01-02",
          TestServer.ADMIN_KEY).status()).as("over 366 days").isEqualTo(400);
      assertThat(server.get("/v1/airlines/" + airlineId + "/statement?from=yesterday&to=2026-01-02",
          TestServer.ADMIN_KEY).status()).isEqualTo(400);
      assertBalanced();
    } finally {
      CLOCK.advanceTo(Duration.ZERO);
    }
  }

  private static JsonNode statement(long airlineId, LocalDate from, LocalDate to) {
    return TestServer.check(server.get("/v1/airlines/" + airlineId + "/statement?from=" + from + "&to=" + to,
        TestServer.ADMIN_KEY), 200).json();
  }

  private static long movement(JsonNode currency, String kind) {
    for (JsonNode movement : currency.get("movements")) {
      if (movement.get("kind").asText().equals(kind)) {
        return movement.get("amountMinor").asLong();
      }
    }
    throw new AssertionError("no " + kind + " movement in " + currency);
  }
}
