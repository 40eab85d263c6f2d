package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What one airline's uploads can write about another's flight, and which refund notes settle:
 * tried as a rogue airline and a stolen terminal would.
 */
class ReportsAndNotesTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static JsonNode flightReport(Aboard flight) {
    return TestServer.check(server.get("/v1/flights/" + flight.flightId + "/settlement-report",
        flight.airline.merchantKey()), 200).json();
  }

  private static long balance(long accountId) {
    return server.get("/v1/accounts/" + accountId, TestServer.ADMIN_KEY).json().at("/balance/amountMinor").asLong();
  }

  /** A junk authorization naming {@code victim}'s serial and next counter, with a receipt of {@code cart}. */
  private static BatchEntry.Payment junkNaming(Passenger victim, Aboard.Crew cart) {
    PaymentAuthorization junk = new PaymentAuthorization(AuthorizationKind.ONE_SCAN_EXACT, victim.credential.serial(),
        Optional.empty(), victim.counter + 1, 500, 500, Optional.empty(), Aboard.now(), Bytes.empty(), Bytes.empty())
        .signedBy(Devices.p256(), Optional.empty());
    Receipt receipt = new Receipt(junk.paymentId(), cart.id, Money.of(500, "CNY"), Receipt.digestOf(junk),
        Aboard.now(), ++cart.sequence, Bytes.empty()).signedBy(cart.key);
    return new BatchEntry.Payment(cart.sequence, Bytes.of(junk.encode()), Bytes.empty(), Bytes.of(receipt.encode()));
  }

  @Test
  void anotherAirlinesJunk_namingAFlightsSerial_leavesNoRejectedRowInThatFlightsReport() {
    Aboard victim = new Aboard(server, 1);
    Passenger passenger = victim.passenger(10_000);
    victim.board();
    Aboard rogue = new Aboard(server, 1);
    rogue.board();
    Aboard.Crew rogueCart = rogue.terminals.get(0);

    SettlementReport answer = rogue.upload(rogue.batch(rogueCart, List.of(junkNaming(passenger, rogueCart))));

    assertThat(answer.entries()).singleElement().satisfies(entry ->
        assertThat(entry.outcome()).isEqualTo(SettlementOutcome.REJECTED));
    assertThat(flightReport(victim).get("rejections")).as("the victim flight's report").isEmpty();
    assertThat(flightReport(rogue).get("rejections")).as("the rogue flight's report").isEmpty();
  }

  @Test
  void anAirlinesOwnRejectedUpload_isStillRecordedInItsFlightsReport_evenAfterAnotherAirlineNamedTheSamePayment() {
    Aboard flight = new Aboard(server, 1);
    Passenger passenger = flight.passenger(10_000);
    flight.board();
    Aboard rogue = new Aboard(server, 1);
    rogue.board();
    Aboard.Crew rogueCart = rogue.terminals.get(0);
    rogue.upload(rogue.batch(rogueCart, List.of(junkNaming(passenger, rogueCart))));
    Aboard.Crew cart = flight.terminals.get(0);

    SettlementReport own = flight.upload(flight.batch(cart, List.of(junkNaming(passenger, cart))));

    assertThat(own.entries().get(0).reason()).contains(Reason.BAD_SIGNATURE);
    JsonNode rejections = flightReport(flight).get("rejections");
    assertThat(rejections).hasSize(1);
    assertThat(rejections.get(0).get("terminalId").asLong()).isEqualTo(cart.id);
    assertThat(rejections.get(0).get("reason").asText()).isEqualTo("BAD_SIGNATURE");
  }

  @Test
  void aRefundNote_fromARevokedTerminal_isRejected_fromItsBatchAndFromTheWallet() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(20_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Sale sale = flight.oneScan(cart, payer, 4_000, false);
    flight.upload(flight.batch(cart, List.of(sale.entry())));
    TestServer.check(server.post("/v1/terminals/" + cart.id + "/revoke", flight.airline.merchantKey(), null), 200);
    RefundNote first = flight.refund(sale, 1, 1_000);
    RefundNote second = flight.refund(sale, 2, 1_000);

    SettlementReport fromTerminal = flight.upload(flight.batch(cart, List.of(
        new BatchEntry.Refund(++cart.sequence, Bytes.of(first.encode())))));
    SettlementReport fromWallet = flight.upload(payer, List.of(new WalletUpload.Bill(
        Bytes.of(sale.authorization().encode()), Bytes.empty(), Bytes.of(sale.receipt().encode()),
        List.of(Bytes.of(second.encode())))));

    assertThat(fromTerminal.entries().get(0).outcome()).isEqualTo(SettlementOutcome.REJECTED);
    assertThat(fromTerminal.entries().get(0).reason()).contains(Reason.TERMINAL_REVOKED);
    assertThat(fromWallet.entries().get(1).outcome()).isEqualTo(SettlementOutcome.REJECTED);
    assertThat(fromWallet.entries().get(1).reason()).contains(Reason.TERMINAL_REVOKED);
    assertThat(balance(payer.accountId)).isEqualTo(16_000);
    SettlementTest.assertLedgerBalanced(server);
  }

  @Test
  void aRefundNote_datedOutsideTheCredentialsWindow_isRejected_eitherSide() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(20_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Sale sale = flight.oneScan(cart, payer, 4_000, false);
    Instant after = payer.credential.validUntil().plus(Duration.ofDays(2));
    Instant before = payer.credential.validFrom().minus(Duration.ofDays(2));
    RefundNote late = new RefundNote(sale.id(), 1, cart.id, Money.of(1_000, "CNY"), after, Bytes.empty())
        .signedBy(cart.key);
    RefundNote early = new RefundNote(sale.id(), 2, cart.id, Money.of(1_000, "CNY"), before, Bytes.empty())
        .signedBy(cart.key);
    RefundNote inTime = flight.refund(sale, 3, 1_000);

    SettlementReport report = flight.upload(flight.batch(cart, List.of(sale.entry(),
        new BatchEntry.Refund(++cart.sequence, Bytes.of(late.encode())),
        new BatchEntry.Refund(++cart.sequence, Bytes.of(early.encode())),
        new BatchEntry.Refund(++cart.sequence, Bytes.of(inTime.encode())))));

    assertThat(report.entries()).extracting(SettlementReport.Entry::outcome).containsExactly(
        SettlementOutcome.SETTLED, SettlementOutcome.REJECTED, SettlementOutcome.REJECTED, SettlementOutcome.SETTLED);
    assertThat(report.entries().get(1).reason()).contains(Reason.CREDENTIAL_EXPIRED);
    assertThat(report.entries().get(2).reason()).contains(Reason.CREDENTIAL_NOT_YET_VALID);
    assertThat(balance(payer.accountId)).isEqualTo(17_000);
    SettlementTest.assertLedgerBalanced(server);
  }
}
