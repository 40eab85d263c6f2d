package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator's ledger check, tried against a ledger someone changed behind settlement's back.
 * Settlement posts one entry per upload (the sums of its payments and of its refunds), so the
 * check must catch a payment row and the ledger disagreeing, not only an entry that does not
 * balance. Each test tampers with one thing on a fresh database and asks the check.
 */
class LedgerCheckTest {
  private TestServer server;
  private Aboard flight;

  @BeforeEach
  void settleAFlight() {
    server = TestServer.start();
    flight = new Aboard(server, 1);
    Passenger ann = flight.passenger(50_000);
    Passenger bob = flight.passenger(50_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Sale coffee = flight.handshake(cart, ann, 2_800);
    Sale scarf = flight.oneScan(cart, bob, 4_200, false);
    Sale tea = flight.oneScan(cart, ann, 1_500, true);
    var refund = flight.refund(scarf, 1, 1_000);
    SettlementReport report = flight.upload(flight.batch(cart, List.of(coffee.entry(), scarf.entry(), tea.entry(),
        new BatchEntry.Refund(++cart.sequence, Bytes.of(refund.encode())))));
    assertThat(report.entries()).extracting(SettlementReport.Entry::outcome).containsOnly(SettlementOutcome.SETTLED);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private JsonNode check() {
    return TestServer.check(server.get("/v1/ledger/check", TestServer.ADMIN_KEY), 200).json();
  }

  @Test
  void anUntouchedLedger_isBalanced_withOnePaymentEntryAndOneRefundEntryForTheBatch() {
    JsonNode check = check();
    assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
    assertThat(check.get("settlementsOutOfStep").asLong()).isZero();
    assertThat(server.number("SELECT count(*) FROM ledger_entries WHERE kind = 'payment'")).isEqualTo(1);
    assertThat(server.number("SELECT count(*) FROM ledger_entries WHERE kind = 'refund'")).isEqualTo(1);
    assertThat(server.number("SELECT count(DISTINCT ledger_entry_id) FROM payments")).isEqualTo(1);
    assertThat(server.number("SELECT count(*) FROM payments")).isEqualTo(3);
  }

  @Test
  void aPaymentRowChargingMoreThanTheLedgerPosted_isOutOfStep() {
    assertThat(server.sql("UPDATE payments SET payer_charged_minor = payer_charged_minor + 1"
        + " WHERE charged_minor = 4200")).isEqualTo(1);

    JsonNode check = check();
    assertThat(check.get("balanced").asBoolean()).isFalse();
    assertThat(check.get("settlementsOutOfStep").asLong()).as("bob's payer total").isEqualTo(1);
    assertThat(check.get("unbalancedEntries").asLong()).as("every entry still balances").isZero();
  }

  @Test
  void aFeeMovedFromTheProviderToTheMerchant_balancesButIsOutOfStep() {
    // Balanced and in step with the account balances: only the payments' fees can tell.
    String move = "UPDATE ledger_postings p SET amount_minor = amount_minor + ? FROM ledger_accounts a"
        + " WHERE a.id = p.ledger_account_id AND a.kind = ? AND p.entry_id = (SELECT id FROM ledger_entries"
        + " WHERE kind = 'payment')";
    assertThat(server.sql(move, 1L, "fee_income")).isEqualTo(1);
    assertThat(server.sql(move, -1L, "merchant")).isEqualTo(1);
    server.sql("UPDATE ledger_accounts SET balance_minor = balance_minor + 1 WHERE kind = 'fee_income'");
    server.sql("UPDATE ledger_accounts SET balance_minor = balance_minor - 1 WHERE kind = 'merchant'");

    JsonNode check = check();
    assertThat(check.get("unbalancedEntries").asLong()).isZero();
    assertThat(check.get("accountsOutOfStep").asLong()).isZero();
    assertThat(check.get("settlementsOutOfStep").asLong()).as("merchant and fee totals").isEqualTo(2);
    assertThat(check.get("balanced").asBoolean()).isFalse();
  }

  @Test
  void aRefundRowCreditingMoreThanTheLedgerPosted_isOutOfStep() {
    assertThat(server.sql("UPDATE refunds SET amount_minor = amount_minor + 1, payer_amount_minor = payer_amount_minor + 1"))
        .isEqualTo(1);

    JsonNode check = check();
    assertThat(check.get("settlementsOutOfStep").asLong()).as("bob's and the merchant's refund totals").isEqualTo(2);
    assertThat(check.get("balanced").asBoolean()).isFalse();
  }

  @Test
  void aPaymentPointingAtNoPaymentEntry_isOutOfStep() {
    assertThat(server.sql("UPDATE payments SET ledger_entry_id = (SELECT id FROM ledger_entries WHERE kind = 'refund')"
        + " WHERE charged_minor = 1500")).isEqualTo(1);

    JsonNode check = check();
    assertThat(check.get("settlementsOutOfStep").asLong()).isEqualTo(1);
    assertThat(check.get("balanced").asBoolean()).isFalse();
  }
}
