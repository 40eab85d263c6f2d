package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import io.aloft.testkit.Api.Response;
import io.aloft.testkit.ShiftedClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A payer's offline allowance (tier 1: 200.00 total, 50.00 per payment) is shared by all their
 * credentials, and comes back as payments settle through the real settlement path, or when a
 * credential's settlement window ends.
 */
class AllowanceRestoreTest {
  private static final long TIER_TOTAL = 20_000;
  private static final long TIER_PER_PAYMENT = 5_000;
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

  @Test
  void credentialsShareTheTiersAllowance_whichSettlingRestores_andTheSettlementWindowEnds() {
    Aboard flightA = new Aboard(server, 1);
    Passenger payer = flightA.passenger(100_000);
    assertThat(limits(payer.credential)).containsExactly(TIER_PER_PAYMENT, TIER_TOTAL);
    flightA.board();
    Aboard.Crew cart = flightA.terminals.get(0);
    List<Sale> sales = List.of(flightA.handshake(cart, payer, 2_800), flightA.handshake(cart, payer, 4_200),
        flightA.oneScan(cart, payer, 1_500, false));

    Aboard flightB = new Aboard(server, 1);
    SoftwareSigner phone = Devices.p256();
    Response refused = enrol(flightB, payer, phone);
    assertRefusedInUseBy(refused, flightA);

    settle(flightA, cart, sales);
    Passenger onB = flightB.enrol(payer.accountId, payer.token, phone);
    assertThat(limits(onB.credential)).as("A still reserves 200.00 - 85.00").containsExactly(TIER_PER_PAYMENT, 8_500L);

    Aboard flightC = new Aboard(server, 1);
    assertRefusedInUseBy(enrol(flightC, payer, Devices.p256()), flightA);
    settle(flightA, cart, List.of(flightA.handshake(cart, payer, 3_000)));
    Passenger onC = flightC.enrol(payer.accountId, payer.token, Devices.p256());
    assertThat(limits(onC.credential)).as("per-payment capped at the total").containsExactly(3_000L, 3_000L);

    Passenger again = flightA.enrol(payer.accountId, payer.token, payer.device);
    assertThat(again.credential).as("re-enrolling is idempotent").isEqualTo(payer.credential);
    JsonNode allowance = allowance(payer);
    assertThat(allowance.at("/limit/amountMinor").asLong()).isEqualTo(TIER_TOTAL);
    assertThat(allowance.at("/inUse/amountMinor").asLong()).isEqualTo(8_500 + 8_500 + 3_000);
    assertThat(allowance.at("/available/amountMinor").asLong()).isZero();
    assertThat(allowance.get("heldBy")).hasSize(3);
    assertThat(allowance.get("heldBy")).extracting(hold -> hold.get("flight").asText())
        .containsExactlyInAnyOrder(flightCode(flightA), flightCode(flightB), flightCode(flightC));
    assertThat(server.get("/v1/accounts/" + payer.accountId, payer.token).json().get("notice").asText())
        .contains("in use by flight");

    TestServer.check(server.post("/v1/credentials/" + onC.credential.serial().hex() + "/revoke", TestServer.ADMIN_KEY,
        "{}"), 200);
    assertThat(allowance(payer).at("/inUse/amountMinor").asLong()).as("a revoked credential still reserves")
        .isEqualTo(20_000);

    long flightD = server.flight(flightA.airline, Duration.ofDays(5));
    SoftwareSigner later = Devices.p256();
    try {
      CLOCK.advanceTo(Duration.ofHours(85));
      assertThat(enrolOn(flightD, payer, later).json().get("reason").asText()).as("inside the 72 h window")
          .isEqualTo("allowance_in_use");
      CLOCK.advanceTo(Duration.ofHours(91));
      Response full = TestServer.check(enrolOn(flightD, payer, later), 201);
      assertThat(limits(credential(full))).containsExactly(TIER_PER_PAYMENT, TIER_TOTAL);
      assertThat(allowance(payer).at("/inUse/amountMinor").asLong()).isEqualTo(TIER_TOTAL);
    } finally {
      CLOCK.advanceTo(Duration.ZERO);
    }
    SettlementTest.assertLedgerBalanced(server);
  }

  @Test
  void concurrentEnrolmentsOfOnePayer_onSixFlights_issueOneAllowanceOnce() throws Exception {
    TestServer.AccountFixture payer = server.account(600, 0);
    TestServer.AirlineFixture airline = server.airline();
    List<Long> flights = IntStream.range(0, 6).mapToObj(i -> server.flight(airline, Duration.ofHours(3))).toList();
    ExecutorService pool = Executors.newFixedThreadPool(flights.size());
    try {
      List<Future<Response>> answers = new ArrayList<>();
      for (long flight : flights) {
        answers.add(pool.submit(() -> server.post("/v1/enrolments", payer.walletToken(),
            Devices.enrolment(server, payer.walletToken(), flight, Devices.p256()))));
      }
      List<Integer> statuses = new ArrayList<>();
      long issuedMinor = 0;
      for (Future<Response> answer : answers) {
        Response response = answer.get(60, TimeUnit.SECONDS);
        statuses.add(response.status());
        if (response.status() == 201) {
          issuedMinor += credential(response).totalLimitMinor();
        } else {
          assertThat(response.json().get("reason").asText()).isEqualTo("allowance_in_use");
        }
      }
      assertThat(statuses).containsOnlyOnce(201);
      assertThat(issuedMinor).isEqualTo(TIER_TOTAL);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void settle(Aboard flight, Aboard.Crew cart, List<Sale> sales) {
    List<BatchEntry> entries = sales.stream().<BatchEntry>map(Sale::entry).toList();
    SettlementReport report = flight.upload(flight.batch(cart, entries));
    assertThat(report.entries()).allMatch(e -> e.outcome() == SettlementOutcome.SETTLED);
  }

  private static Response enrol(Aboard flight, Passenger payer, SoftwareSigner device) {
    return enrolOn(flight.flightId, payer, device);
  }

  private static Response enrolOn(long flightId, Passenger payer, SoftwareSigner device) {
    return server.post("/v1/enrolments", payer.token, Devices.enrolment(server, payer.token, flightId, device));
  }

  private static void assertRefusedInUseBy(Response response, Aboard holder) {
    TestServer.check(response, 422);
    assertThat(response.json().get("reason").asText()).isEqualTo("allowance_in_use");
    assertThat(response.json().get("message").asText())
        .contains("200.00 CNY").contains("in use by flight " + flightCode(holder))
        .contains("until its payments settle");
  }

  private static String flightCode(Aboard flight) {
    return server.get("/v1/flights/" + flight.flightId, TestServer.ADMIN_KEY).json().get("flightCode").asText();
  }

  private static JsonNode allowance(Passenger payer) {
    return TestServer.check(server.get("/v1/accounts/" + payer.accountId, payer.token), 200).json()
        .get("offlineAllowance");
  }

  private static List<Long> limits(OfflineCredential credential) {
    return List.of(credential.perPaymentLimitMinor(), credential.totalLimitMinor());
  }

  private static OfflineCredential credential(Response response) {
    return Aboard.decode(() -> OfflineCredential.decode(
        Base64.getDecoder().decode(response.json().at("/credential/credential").asText())));
  }
}
