package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.message.OutcomeQuery;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.rules.Reason;
import io.aloft.server.ServerConfig;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import io.aloft.testkit.ShiftedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A wallet's bill without a receipt that no terminal uploaded within the settlement window (the
 * credential's validity plus 72 h) ends {@code REJECTED NO_MERCHANT_RECORD}, moves no money, and
 * stays so: a terminal's record arriving later is refused. A record that arrives first, however
 * close to the window's end, settles. Real PostgreSQL; days pass on an injected clock.
 */
class MerchantRecordDeadlineTest {
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

  @AfterEach
  void backToNow() {
    CLOCK.advanceTo(Duration.ZERO);
  }

  /** The instant the settlement window closes on the passenger's payments. */
  private static Instant windowCloses(Passenger payer) {
    return payer.credential.validUntil().plus(ServerConfig.DEFAULT_SETTLEMENT_WINDOW);
  }

  /** Moves the server's clock so that it reads {@code at} (give or take the test's own running time). */
  private static void clockAt(Instant at) {
    CLOCK.advanceTo(Duration.between(Instant.now(), at));
  }

  private static long balance(long accountId) {
    return server.get("/v1/accounts/" + accountId, TestServer.ADMIN_KEY).json().at("/balance/amountMinor").asLong();
  }

  private static SettlementReport.Entry only(SettlementReport report) {
    assertThat(report.entries()).hasSize(1);
    return report.entries().get(0);
  }

  @Test
  void aBillNoTerminalUploaded_waitsInsideTheWindow_isRejectedOnceItCloses_andALateTerminalRecordIsRefused() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(50_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Sale sandwich = flight.oneScan(cart, payer, 3_200, false);

    clockAt(windowCloses(payer).minus(Duration.ofMinutes(10)));
    SettlementReport.Entry inside = only(flight.upload(payer, List.of(sandwich.bill(false))));
    clockAt(windowCloses(payer).plus(Duration.ofMinutes(1)));
    SettlementReport.Entry closed = only(flight.upload(payer, List.of(sandwich.bill(false))));
    SettlementReport.Entry resent = only(flight.upload(payer, List.of(sandwich.bill(false))));
    SettlementReport.Entry lateTerminal = only(flight.upload(flight.batch(cart, List.of(sandwich.entry()))));
    SettlementReport.Entry withReceiptNow = only(flight.upload(payer, List.of(sandwich.bill(true))));
    SettlementReport.Entry asked = only(Aboard.report(server.send("POST", "/v1/wallet/outcomes", payer.token,
        new OutcomeQuery(List.of(sandwich.id())).encode(), Map.of())));

    assertThat(inside.outcome()).isEqualTo(SettlementOutcome.PENDING);
    for (SettlementReport.Entry entry : List.of(closed, resent, lateTerminal, withReceiptNow, asked)) {
      assertThat(entry.outcome()).isEqualTo(SettlementOutcome.REJECTED);
      assertThat(entry.reason()).contains(Reason.NO_MERCHANT_RECORD);
      assertThat(entry.charged()).isEmpty();
    }
    assertThat(balance(payer.accountId)).as("nothing charged").isEqualTo(50_000);
    JsonNode report = TestServer.check(server.get("/v1/flights/" + flight.flightId + "/settlement-report",
        flight.airline.merchantKey()), 200).json();
    assertThat(report.get("payments")).as("the merchant is not paid").isEmpty();
    assertThat(report.get("rejections")).hasSize(1);
    assertThat(report.at("/rejections/0/reason").asText()).isEqualTo("NO_MERCHANT_RECORD");
    SettlementTest.assertLedgerBalanced(server);
  }

  @Test
  void aTerminalRecordJustBeforeTheWindowCloses_settles_andTheWalletsSyncAfterItIsADuplicate() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(50_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Sale tea = flight.handshake(cart, payer, 900);

    clockAt(windowCloses(payer).minus(Duration.ofSeconds(30)));
    SettlementReport.Entry terminal = only(flight.upload(flight.batch(cart, List.of(tea.entry()))));
    clockAt(windowCloses(payer).plus(Duration.ofHours(1)));
    SettlementReport.Entry wallet = only(flight.upload(payer, List.of(tea.bill(false))));

    assertThat(terminal.outcome()).isEqualTo(SettlementOutcome.SETTLED);
    assertThat(wallet.outcome()).isEqualTo(SettlementOutcome.DUPLICATE);
    assertThat(wallet.charged()).hasValueSatisfying(charged -> assertThat(charged.amountMinor()).isEqualTo(900));
    assertThat(balance(payer.accountId)).isEqualTo(50_000 - 900);
    SettlementTest.assertLedgerBalanced(server);
  }

  /**
   * The terminal's record and the wallet's closing upload race at the window's end, for many
   * passengers at once. Each payment ends one way for both sides: settled (the wallet sees a
   * duplicate and the payer is charged), or closed (both are refused and nothing is charged).
   */
  @Test
  void aTerminalRecordRacingTheWalletsClosingUpload_endsOneWayForBoth() throws Exception {
    Aboard flight = new Aboard(server, 1);
    List<Passenger> payers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      payers.add(flight.passenger(10_000));
    }
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    List<Sale> sales = payers.stream().map(payer -> flight.oneScan(cart, payer, 1_000, false)).toList();
    List<io.aloft.protocol.message.TerminalBatch> batches = sales.stream()
        .map(sale -> flight.batch(cart, List.of(sale.entry()))).toList();
    clockAt(windowCloses(payers.get(0)).plus(Duration.ofSeconds(5)));

    ExecutorService pool = Executors.newFixedThreadPool(2);
    int settled = 0;
    try {
      for (int i = 0; i < sales.size(); i++) {
        CyclicBarrier together = new CyclicBarrier(2);
        Sale sale = sales.get(i);
        io.aloft.protocol.message.TerminalBatch batch = batches.get(i);
        Future<SettlementReport> terminal = pool.submit(() -> {
          together.await();
          return flight.upload(batch);
        });
        Future<SettlementReport> wallet = pool.submit(() -> {
          together.await();
          return flight.upload(sale.payer(), List.of(sale.bill(false)));
        });
        SettlementReport.Entry byTerminal = only(terminal.get());
        SettlementReport.Entry byWallet = only(wallet.get());
        long balance = balance(sale.payer().accountId);
        if (byTerminal.outcome() == SettlementOutcome.SETTLED) {
          settled++;
          assertThat(byWallet.outcome()).isEqualTo(SettlementOutcome.DUPLICATE);
          assertThat(balance).isEqualTo(10_000 - 1_000);
        } else {
          assertThat(byTerminal.reason()).contains(Reason.NO_MERCHANT_RECORD);
          assertThat(byWallet.outcome()).isEqualTo(SettlementOutcome.REJECTED);
          assertThat(byWallet.reason()).contains(Reason.NO_MERCHANT_RECORD);
          assertThat(balance).isEqualTo(10_000);
        }
        SettlementReport.Entry again = only(flight.upload(sale.payer(), List.of(sale.bill(false))));
        assertThat(again.outcome()).as("the answer does not change")
            .isEqualTo(byTerminal.outcome() == SettlementOutcome.SETTLED ? SettlementOutcome.DUPLICATE
                : SettlementOutcome.REJECTED);
      }
    } finally {
      pool.shutdownNow();
    }
    JsonNode report = TestServer.check(server.get("/v1/flights/" + flight.flightId + "/settlement-report",
        flight.airline.merchantKey()), 200).json();
    assertThat(report.get("payments")).hasSize(settled);
    assertThat(report.get("rejections")).hasSize(sales.size() - settled);
    SettlementTest.assertLedgerBalanced(server);
  }
}
