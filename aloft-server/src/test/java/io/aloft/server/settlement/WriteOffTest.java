package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.testkit.Api.Response;
import io.aloft.testkit.ShiftedClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operator writes arrears off to the provider's guarantee account; the passenger still owes
 * them, cannot enrol, and a top-up recovers them (arrears first) and restores offline use.
 */
class WriteOffTest {
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

  /** A passenger with 10.00 who spent 70.00 on board: 60.00 in arrears. */
  private static Passenger inArrears(Aboard flight) {
    return inArrears(flight, new java.util.ArrayList<>());
  }

  /**
   * A payer who owes 60.00 after a first upload. {@code later} holds the sales of {@code laterMinor}
   * the same terminal accepted in flight, before that upload suspended the payer (so they are
   * guaranteed), to upload afterwards.
   */
  private static Passenger inArrears(Aboard flight, java.util.List<Aboard.Sale> later, long... laterMinor) {
    Passenger payer = flight.passenger(1_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Aboard.Sale first = flight.handshake(cart, payer, 4_000);
    Aboard.Sale second = flight.handshake(cart, payer, 3_000);
    for (long amount : laterMinor) {
      later.add(flight.handshake(cart, payer, amount));
    }
    SettlementReport report = flight.upload(flight.batch(cart, java.util.List.of(first.entry(), second.entry())));
    assertThat(report.entries()).allMatch(e -> e.outcome() == SettlementOutcome.SETTLED);
    assertThat(account(payer).at("/arrears/amountMinor").asLong()).isEqualTo(6_000);
    return payer;
  }

  private static JsonNode account(Passenger payer) {
    return TestServer.check(server.get("/v1/accounts/" + payer.accountId, TestServer.ADMIN_KEY), 200).json();
  }

  private static Response writeOff(long accountId, Object body, Map<String, String> headers) {
    return server.post("/v1/accounts/" + accountId + "/write-off", TestServer.ADMIN_KEY, body, headers);
  }

  private static long guaranteeBalance() {
    JsonNode check = TestServer.check(server.get("/v1/ledger/check", TestServer.ADMIN_KEY), 200).json();
    assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
    assertThat(check.get("writtenOffOutOfStep").asLong()).isZero();
    for (JsonNode total : check.get("totals")) {
      if (total.get("kind").asText().equals("guarantee") && total.get("currency").asText().equals("CNY")) {
        return total.get("balanceMinor").asLong();
      }
    }
    return 0;
  }

  @Test
  void writingOffAllArrears_postsOneBalancedEntry_keepsOfflineUseRefused_andATopUpRecoversIt() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = inArrears(flight);
    int scoreBefore = account(payer).at("/score/value").asInt();
    long guaranteeBefore = guaranteeBalance();
    Map<String, String> key = Map.of("Idempotency-Key", "write-off-" + payer.accountId);

    Response first = TestServer.check(writeOff(payer.accountId, Map.of("all", true), key), 200);
    Response replay = TestServer.check(writeOff(payer.accountId, Map.of("all", true), key), 200);

    assertThat(first.json().at("/writtenOff/amountMinor").asLong()).isEqualTo(6_000);
    assertThat(replay.raw().body()).isEqualTo(first.raw().body());
    assertThat(guaranteeBalance()).as("one entry, not two").isEqualTo(guaranteeBefore + 6_000);
    JsonNode after = account(payer);
    assertThat(after.at("/arrears/amountMinor").asLong()).isZero();
    assertThat(after.at("/writtenOff/amountMinor").asLong()).isEqualTo(6_000);
    assertThat(after.get("status").asText()).isEqualTo("in_arrears");
    assertThat(after.at("/score/value").asInt()).as("writing off does not improve the score").isEqualTo(scoreBefore);
    assertThat(after.get("notice").asText()).contains("60.00 CNY");

    Aboard next = new Aboard(server, 1);
    Response refused = TestServer.check(server.post("/v1/enrolments", payer.token,
        Devices.enrolment(server, payer.token, next.flightId, Devices.p256())), 422);
    assertThat(refused.json().get("reason").asText()).isEqualTo("written_off_debt");
    assertThat(refused.json().get("message").asText()).contains("You still owe 60.00 CNY").contains("top-up");

    JsonNode partly = topUp(payer, 2_500);
    assertThat(partly.at("/writtenOff/amountMinor").asLong()).isEqualTo(3_500);
    assertThat(partly.at("/balance/amountMinor").asLong()).isZero();
    assertThat(guaranteeBalance()).isEqualTo(guaranteeBefore + 3_500);
    JsonNode repaid = topUp(payer, 10_000);
    assertThat(repaid.at("/writtenOff/amountMinor").asLong()).isZero();
    assertThat(repaid.at("/balance/amountMinor").asLong()).isEqualTo(6_500);
    assertThat(repaid.get("status").asText()).isEqualTo("active");
    assertThat(repaid.hasNonNull("notice")).isFalse();
    assertThat(repaid.at("/score/value").asInt()).isGreaterThan(scoreBefore);
    assertThat(guaranteeBalance()).isEqualTo(guaranteeBefore);
    // One arrears episode keeps this computed score below 550 for good; an operator vouches for the payer.
    TestServer.check(server.post("/v1/accounts/" + payer.accountId + "/score", TestServer.ADMIN_KEY,
        Map.of("score", 600)), 200);
    TestServer.check(server.post("/v1/enrolments", payer.token, Devices.enrolment(server, payer.token, next.flightId, Devices.p256())), 201);
  }

  @Test
  void aRefundThatClearsNewArrears_leavesThePayerInArrears_whileWrittenOffDebtIsOwed() {
    Aboard flight = new Aboard(server, 1);
    java.util.List<Aboard.Sale> later = new java.util.ArrayList<>();
    Passenger payer = inArrears(flight, later, 1_000);
    TestServer.check(writeOff(payer.accountId, Map.of("all", true), Map.of()), 200);
    int scoreBefore = account(payer).at("/score/value").asInt();
    Aboard.Crew cart = flight.terminals.get(0);
    Aboard.Sale late = later.get(0);
    flight.upload(flight.batch(cart, java.util.List.of(late.entry())));
    assertThat(account(payer).at("/arrears/amountMinor").asLong()).isEqualTo(1_000);

    var refund = flight.refund(late, 1, 1_000);
    flight.upload(flight.batch(cart, java.util.List.of(
        new io.aloft.protocol.message.BatchEntry.Refund(++cart.sequence, io.aloft.protocol.Bytes.of(refund.encode())))));

    JsonNode after = account(payer);
    assertThat(after.at("/arrears/amountMinor").asLong()).isZero();
    assertThat(after.at("/writtenOff/amountMinor").asLong()).isEqualTo(6_000);
    assertThat(after.get("status").asText()).as("60.00 written off is still owed").isEqualTo("in_arrears");
    assertThat(after.at("/score/value").asInt()).as("no second arrears episode (it would cost points)")
        .isGreaterThanOrEqualTo(scoreBefore);
    guaranteeBalance();
  }

  @Test
  void byDefault_onlyArrearsOlderThanTheAgeAreWrittenOff_andATopUpCollectsArrearsBeforeWrittenOffDebt() {
    Aboard flight = new Aboard(server, 1);
    java.util.List<Aboard.Sale> later = new java.util.ArrayList<>();
    Passenger payer = inArrears(flight, later, 2_000);
    long guaranteeBefore = guaranteeBalance();

    Response fresh = TestServer.check(writeOff(payer.accountId, Map.of(), Map.of()), 200);
    assertThat(fresh.json().at("/writtenOff/amountMinor").asLong()).as("90 days by default").isZero();
    CLOCK.advanceTo(Duration.ofDays(10));
    try {
      Response notYet = TestServer.check(writeOff(payer.accountId, Map.of("olderThanDays", 11), Map.of()), 200);
      assertThat(notYet.json().at("/writtenOff/amountMinor").asLong()).isZero();
      Aboard.Crew cart = flight.terminals.get(0);
      flight.upload(flight.batch(cart, java.util.List.of(later.get(0).entry())));
      assertThat(account(payer).at("/arrears/amountMinor").asLong()).isEqualTo(8_000);

      Response old = TestServer.check(writeOff(payer.accountId, Map.of("olderThanDays", 5), Map.of()), 200);

      assertThat(old.json().at("/writtenOff/amountMinor").asLong()).as("only the 60.00 from 10 days ago")
          .isEqualTo(6_000);
      assertThat(old.json().at("/account/arrears/amountMinor").asLong()).isEqualTo(2_000);
      assertThat(guaranteeBalance()).isEqualTo(guaranteeBefore + 6_000);
      JsonNode topped = topUp(payer, 3_000);
      assertThat(topped.at("/arrears/amountMinor").asLong()).isZero();
      assertThat(topped.at("/writtenOff/amountMinor").asLong()).isEqualTo(5_000);
      assertThat(topped.get("status").asText()).isEqualTo("in_arrears");
    } finally {
      CLOCK.advanceTo(Duration.ZERO);
    }
  }

  @Test
  void onlyTheOperatorWritesOff_andBadInputIsRefusedWithAProblem() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = inArrears(flight);
    String path = "/v1/accounts/" + payer.accountId + "/write-off";

    assertProblem(server.post(path, payer.token, Map.of("all", true)), 403, "forbidden");
    assertProblem(server.post(path, flight.airline.merchantKey(), Map.of("all", true)), 403, "forbidden");
    assertProblem(server.post(path, null, Map.of("all", true)), 401, "unauthenticated");
    assertProblem(writeOff(999_999_999, Map.of("all", true), Map.of()), 404, "not-found");
    assertProblem(server.post("/v1/accounts/abc/write-off", TestServer.ADMIN_KEY, Map.of()), 404, "not-found");
    assertProblem(writeOff(payer.accountId, Map.of("olderThanDays", -1), Map.of()), 400, "invalid-request");
    assertProblem(writeOff(payer.accountId, Map.of("olderThanDays", 0), Map.of()), 400, "invalid-request");
    assertProblem(writeOff(payer.accountId, "{\"olderThanDays\": \"30\"}", Map.of()), 400, "invalid-request");
    assertProblem(writeOff(payer.accountId, "{\"olderThanDays\": 1.5}", Map.of()), 400, "invalid-request");
    assertProblem(writeOff(payer.accountId, Map.of("all", true, "olderThanDays", 30), Map.of()), 400,
        "invalid-request");
    assertProblem(writeOff(payer.accountId, Map.of("amountMinor", 100), Map.of()), 400, "invalid-request");
    assertProblem(writeOff(payer.accountId, "not json", Map.of()), 400, "invalid-request");
    assertProblem(writeOff(payer.accountId, "\uFEFF{}", Map.of()), 400, "invalid-request");

    assertThat(account(payer).at("/arrears/amountMinor").asLong()).as("nothing moved").isEqualTo(6_000);
    guaranteeBalance();
  }

  private static void assertProblem(Response response, int status, String type) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:" + type);
  }

  private static JsonNode topUp(Passenger payer, long amountMinor) {
    return TestServer.check(server.post("/v1/accounts/" + payer.accountId + "/top-ups", TestServer.ADMIN_KEY,
        Map.of("amountMinor", amountMinor, "currency", "CNY")), 200).json();
  }
}
