package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OutcomeQuery;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Settlement through HTTP on a real PostgreSQL: outcomes, exactly once, refunds, cases, arrears. */
class SettlementTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static List<SettlementOutcome> outcomes(SettlementReport report) {
    return report.entries().stream().map(SettlementReport.Entry::outcome).toList();
  }

  private static long balance(long accountId) {
    return server.get("/v1/accounts/" + accountId, TestServer.ADMIN_KEY).json().at("/balance/amountMinor").asLong();
  }

  static void assertLedgerBalanced() {
    assertLedgerBalanced(server);
  }

  static void assertLedgerBalanced(TestServer server) {
    JsonNode check = TestServer.check(server.get("/v1/ledger/check", TestServer.ADMIN_KEY), 200).json();
    assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
    assertThat(check.get("unbalancedEntries").asLong()).isZero();
    assertThat(check.get("settlementsOutOfStep").asLong()).isZero();
  }

  @Test
  void aTerminalBatch_settlesEachPaymentOnce_andAResendGetsTheSameSignedReport() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(100_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Sale coffee = flight.handshake(cart, payer, 2_800);
    Sale scarf = flight.oneScan(cart, payer, 4_200, false);
    Sale tea = flight.oneScan(cart, payer, 1_500, true);
    TerminalBatch batch = flight.batch(cart, List.of(coffee.entry(), scarf.entry(), tea.entry()));

    SettlementReport first = flight.upload(batch);
    SettlementReport again = flight.upload(batch);

    assertThat(outcomes(first)).containsExactly(SettlementOutcome.SETTLED, SettlementOutcome.SETTLED,
        SettlementOutcome.SETTLED);
    assertThat(first.entries()).extracting(SettlementReport.Entry::journalSequence).containsExactly(1L, 2L, 3L);
    assertThat(again.encode()).isEqualTo(first.encode());
    IssuerKey issuer = flight.bundle.issuerKey(first.signerKeyId()).orElseThrow();
    assertThat(Signatures.verify(issuer.key(), first.signingInput(), first.signature())).isTrue();
    assertThat(balance(payer.accountId)).isEqualTo(100_000 - 2_800 - 4_200 - 1_500);
    assertLedgerBalanced();
  }

  /**
   * A server killed after settling a batch but before storing its answer under the terminal's
   * Idempotency-Key: the retry must settle nothing twice and must not be refused for ever (the
   * flight simulator's server kills, which end the database sessions first, reach this moment).
   */
  @Test
  void aBatchWhoseServerDiedBeforeAnswering_isTakenOverByTheRetry_afterFiveMinutes_andChargesOnce() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(30_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    TerminalBatch batch = flight.batch(cart, List.of(flight.oneScan(cart, payer, 1_200, false).entry()));
    String key = "batch-" + cart.id + "-" + batch.batchId();
    Map<String, String> headers = Map.of("Content-Type", "application/octet-stream", "Idempotency-Key", key);
    SettlementReport first = Aboard.report(server.send("POST", "/v1/terminal-batches", flight.airline.merchantKey(),
        batch.encode(), headers));

    io.aloft.server.http.IdempotencyTest.dieBeforeAnswering(server, key, java.time.Duration.ofMinutes(1));
    TestServer.Response soon = server.send("POST", "/v1/terminal-batches", flight.airline.merchantKey(),
        batch.encode(), headers);
    io.aloft.server.http.IdempotencyTest.dieBeforeAnswering(server, key, java.time.Duration.ofMinutes(6));
    SettlementReport retried = Aboard.report(server.send("POST", "/v1/terminal-batches", flight.airline.merchantKey(),
        batch.encode(), headers));
    SettlementReport again = Aboard.report(server.send("POST", "/v1/terminal-batches", flight.airline.merchantKey(),
        batch.encode(), headers));

    assertThat(soon.status()).as("still within the five minutes").isEqualTo(409);
    assertThat(soon.json().get("type").asText()).isEqualTo("urn:aloft:problem:idempotency-in-progress");
    assertThat(outcomes(first)).containsExactly(SettlementOutcome.SETTLED);
    assertThat(retried.encode()).as("the stored batch answer, byte for byte").isEqualTo(first.encode());
    assertThat(again.encode()).isEqualTo(first.encode());
    assertThat(balance(payer.accountId)).isEqualTo(30_000 - 1_200);
    assertLedgerBalanced();
  }

  @Test
  void theWalletsUpload_ofTheSamePayments_isADuplicate_andWithoutAReceiptWaitsForTheTerminal() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(50_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Sale meal = flight.handshake(cart, payer, 4_500);
    Sale water = flight.oneScan(cart, payer, 800, false);

    SettlementReport early = flight.upload(payer, List.of(meal.bill(false), water.bill(true)));
    SettlementReport terminal = flight.upload(flight.batch(cart, List.of(meal.entry(), water.entry())));
    SettlementReport late = flight.upload(payer, List.of(meal.bill(true), water.bill(false)));

    assertThat(outcomes(early)).containsExactly(SettlementOutcome.PENDING, SettlementOutcome.SETTLED);
    assertThat(outcomes(terminal)).containsExactly(SettlementOutcome.SETTLED, SettlementOutcome.DUPLICATE);
    assertThat(outcomes(late)).containsExactly(SettlementOutcome.DUPLICATE, SettlementOutcome.DUPLICATE);
    assertThat(balance(payer.accountId)).isEqualTo(50_000 - 4_500 - 800);
    SettlementReport asked = Aboard.report(server.send("POST", "/v1/wallet/outcomes", payer.token,
        new OutcomeQuery(List.of(meal.id(), water.id())).encode(), Map.of()));
    assertThat(outcomes(asked)).containsExactly(SettlementOutcome.SETTLED, SettlementOutcome.SETTLED);
    assertThat(asked.entries().get(0).charged()).contains(Money.of(4_500, "CNY"));
    assertLedgerBalanced();
  }

  @Test
  void anOutcomeQuery_answersEachIdInOrder_andAnUnknownIdOrAnotherAccountsPaymentIsPending() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(50_000);
    Passenger other = flight.passenger(50_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Sale mine = flight.handshake(cart, payer, 4_500);
    Sale theirs = flight.handshake(cart, other, 1_200);
    flight.upload(flight.batch(cart, List.of(mine.entry(), theirs.entry())));
    PaymentId neverIssued = new PaymentId(CredentialSerial.fromHex("f8f9fafbfcfdfeff"), 1);

    SettlementReport asked = Aboard.report(server.send("POST", "/v1/wallet/outcomes", payer.token,
        new OutcomeQuery(List.of(neverIssued, mine.id(), theirs.id(), mine.id())).encode(), Map.of()));

    assertThat(asked.subject()).isEqualTo(SettlementReport.Subject.OUTCOME_QUERY);
    assertThat(asked.entries()).extracting(e -> e.paymentId().orElseThrow())
        .containsExactly(neverIssued, mine.id(), theirs.id(), mine.id());
    assertThat(outcomes(asked)).containsExactly(SettlementOutcome.PENDING, SettlementOutcome.SETTLED,
        SettlementOutcome.PENDING, SettlementOutcome.SETTLED);
    assertThat(asked.entries()).filteredOn(e -> e.outcome() == SettlementOutcome.PENDING)
        .allSatisfy(e -> {
          assertThat(e.reason()).isEmpty();
          assertThat(e.charged()).isEmpty();
          assertThat(e.journalSequence()).isZero();
        });
    assertThat(asked.entries().get(1).charged()).contains(Money.of(4_500, "CNY"));
  }

  @Test
  void aWalletsHandshakeBill_whoseRequestTheTerminalDidNotSign_isRejected_evenWithTheTerminalsReceipt() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(50_000);
    flight.board();
    Sale forged = flight.handshakeWithRequestSignedBy(Devices.ed25519(), flight.terminals.get(0), payer, 2_000);

    SettlementReport report = flight.upload(payer, List.of(forged.bill(true)));

    assertThat(outcomes(report)).containsExactly(SettlementOutcome.REJECTED);
    assertThat(report.entries().get(0).reason()).contains(Reason.BAD_SIGNATURE);
    assertThat(balance(payer.accountId)).isEqualTo(50_000);
  }

  @Test
  void oneCode_acceptedByTwoTerminals_paysBothMerchants_chargesThePayerOnce_fromTheGuarantee_withOneReplayCase() {
    Aboard flight = new Aboard(server, 2);
    Passenger payer = flight.passenger(50_000);
    flight.board();
    Sale first = flight.oneScan(flight.terminals.get(0), payer, 3_000, false);
    Sale screenshot = flight.accept(flight.terminals.get(1), payer, first.authorization(), Optional.empty(),
        Optional.empty());
    long guaranteeBefore = server.number("SELECT coalesce(sum(balance_minor), 0) FROM ledger_accounts"
        + " WHERE kind = 'guarantee' AND currency = 'CNY'");

    SettlementReport second = flight.upload(flight.batch(flight.terminals.get(1), List.of(screenshot.entry())));
    SettlementReport original = flight.upload(flight.batch(flight.terminals.get(0), List.of(first.entry())));

    assertThat(outcomes(second)).containsExactly(SettlementOutcome.SETTLED);
    assertThat(outcomes(original)).containsExactly(SettlementOutcome.SETTLED);
    assertThat(balance(payer.accountId)).as("charged once").isEqualTo(50_000 - 3_000);
    assertThat(server.number("SELECT coalesce(sum(balance_minor), 0) FROM ledger_accounts WHERE kind = 'guarantee'"
        + " AND currency = 'CNY'") - guaranteeBefore).as("the second sale, paid by the provider").isEqualTo(3_000);
    JsonNode report = TestServer.check(server.get("/v1/flights/" + flight.flightId + "/settlement-report",
        flight.airline.merchantKey()), 200).json();
    assertThat(report.at("/totals/0/netPayableMinor").asLong()).as("both carts paid").isEqualTo(2 * (3_000 - 18));
    JsonNode cases = TestServer.check(server.get("/v1/airlines/" + flight.airline.id() + "/cases",
        flight.airline.merchantKey()), 200).json().get("data");
    assertThat(cases).hasSize(1);
    assertThat(cases.get(0).get("kind").asText()).isEqualTo("replay");
    assertThat(cases.get(0).get("evidence").asInt()).as("both acceptances").isEqualTo(2);
    assertThat(flight.board().isRevoked(payer.credential.serial())).as("a screenshot is not the payer's fraud")
        .isFalse();
    assertThat(server.get("/v1/accounts/" + payer.accountId, TestServer.ADMIN_KEY).json().at("/score/value").asInt())
        .as("30.00 settled would earn 3 points, but never on a flight with a case").isEqualTo(550);
    assertLedgerBalanced();
  }

  @Test
  void aClonedWallet_payingTwoTerminalsWithOneCounter_paysBoth_chargesBoth_suspendsTheAccount_withOneCase() {
    Aboard flight = new Aboard(server, 2);
    Passenger payer = flight.passenger(50_000);
    flight.board();
    Sale original = flight.oneScan(flight.terminals.get(0), payer, 2_000, false);
    payer.counter--;
    payer.cumulativeMinor -= 2_000;
    Sale clone = flight.oneScan(flight.terminals.get(1), payer, 2_500, false);
    assertThat(clone.id()).isEqualTo(original.id());

    SettlementReport a = flight.upload(flight.batch(flight.terminals.get(0), List.of(original.entry())));
    SettlementReport b = flight.upload(flight.batch(flight.terminals.get(1), List.of(clone.entry())));
    SettlementReport clonesBill = flight.upload(payer, List.of(clone.bill(false)));

    assertThat(outcomes(a)).containsExactly(SettlementOutcome.SETTLED);
    assertThat(outcomes(b)).containsExactly(SettlementOutcome.SETTLED);
    assertThat(outcomes(clonesBill)).containsExactly(SettlementOutcome.DUPLICATE);
    JsonNode airlineCases = TestServer.check(server.get("/v1/airlines/" + flight.airline.id() + "/cases",
        flight.airline.merchantKey()), 200).json().get("data");
    assertThat(airlineCases.findValuesAsText("kind")).as("the two terminals' uploads are one double spend")
        .containsExactly("double_spend");
    assertThat(airlineCases.get(0).get("evidence").asInt()).as("both payments").isEqualTo(2);
    assertThat(balance(payer.accountId)).as("two authorizations signed, two charges").isEqualTo(50_000 - 4_500);
    JsonNode account = server.get("/v1/accounts/" + payer.accountId, TestServer.ADMIN_KEY).json();
    assertThat(account.get("status").asText()).isEqualTo("suspended");
    assertThat(account.at("/score/value").asInt()).as("550 less a double spend").isLessThan(550);
    JsonNode bundle = TestServer.check(server.get("/v1/flights/" + flight.flightId + "/trust-bundle",
        flight.airline.merchantKey()), 200).json();
    var revoked = Aboard.decode(() -> io.aloft.protocol.message.TrustBundle.decode(
        java.util.Base64.getDecoder().decode(bundle.get("bundle").asText())));
    assertThat(revoked.isRevoked(payer.credential.serial())).isTrue();
    SettlementReport byId = Aboard.report(server.send("POST", "/v1/wallet/outcomes", payer.token,
        new OutcomeQuery(List.of(original.id())).encode(), Map.of()));
    assertThat(outcomes(byId)).as("an id two payments used is never answered SETTLED")
        .containsExactly(SettlementOutcome.CONFLICT);
    assertLedgerBalanced();
  }

  /**
   * A cap code lets the terminal choose the charge, so a dishonest terminal can sign a second,
   * higher receipt for a sale (within the cap) and upload it first. The payer is charged the
   * lower receipt and a case is opened, whichever receipt arrives first.
   */
  @Test
  void aTerminalsSecondReceipt_forACapCode_chargesTheLowerOfTheTwo_inEitherOrder_andOpensACase() {
    for (boolean higherFirst : new boolean[] {true, false}) {
      Aboard flight = new Aboard(server, 1);
      Passenger payer = flight.passenger(50_000);
      flight.board();
      Aboard.Crew cart = flight.terminals.get(0);
      PaymentAuthorization cap = flight.sign(payer, AuthorizationKind.ONE_SCAN_CAP, 5_000, false, Bytes.empty(),
          Optional.empty());
      Sale given = flight.accept(cart, payer, cap, Optional.empty(), Optional.of(Money.of(2_500, "CNY")));
      Sale higher = flight.accept(cart, payer, cap, Optional.empty(), Optional.of(Money.of(4_900, "CNY")));
      List<Sale> order = higherFirst ? List.of(higher, given) : List.of(given, higher);

      SettlementReport first = flight.upload(flight.batch(cart, List.of(order.get(0).entry())));
      SettlementReport second = flight.upload(flight.batch(cart, List.of(order.get(1).entry())));
      SettlementReport wallet = flight.upload(payer, List.of(given.bill(true)));
      SettlementReport resent = flight.upload(flight.batch(cart, List.of(higher.entry())));

      assertThat(outcomes(first)).containsExactly(SettlementOutcome.SETTLED);
      assertThat(outcomes(second)).containsExactly(higherFirst ? SettlementOutcome.SETTLED : SettlementOutcome.CONFLICT);
      assertThat(second.entries().get(0).charged()).contains(Money.of(2_500, "CNY"));
      assertThat(outcomes(wallet)).containsExactly(SettlementOutcome.DUPLICATE);
      assertThat(outcomes(resent)).containsExactly(SettlementOutcome.CONFLICT);
      assertThat(balance(payer.accountId)).as("higher receipt first: " + higherFirst).isEqualTo(50_000 - 2_500);
      JsonNode totals = TestServer.check(server.get("/v1/flights/" + flight.flightId + "/settlement-report",
          flight.airline.merchantKey()), 200).json().at("/totals/0");
      assertThat(totals.get("salesMinor").asLong()).isEqualTo(2_500);
      assertThat(totals.get("feesMinor").asLong()).as("0.6%% of 25.00").isEqualTo(15);
      assertThat(totals.get("netPayableMinor").asLong()).isEqualTo(2_500 - 15);
      JsonNode cases = TestServer.check(server.get("/v1/airlines/" + flight.airline.id() + "/cases",
          flight.airline.merchantKey()), 200).json().get("data");
      assertThat(cases.findValuesAsText("kind")).isNotEmpty().containsOnly("receipt_conflict");
      TrustBundle after = flight.board();
      assertThat(after.isRevoked(payer.credential.serial())).as("the payer did nothing wrong").isFalse();
      assertLedgerBalanced();
    }
  }

  @Test
  void refunds_creditThePayer_neverAboveWhatWasPaid() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(20_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Sale perfume = flight.oneScan(cart, payer, 4_800, false);
    var partial = flight.refund(perfume, 1, 2_000);
    var tooMuch = flight.refund(perfume, 2, 2_801);
    var rest = flight.refund(perfume, 3, 2_800);

    SettlementReport report = flight.upload(flight.batch(cart, List.of(perfume.entry(),
        new BatchEntry.Refund(++cart.sequence, Bytes.of(partial.encode())),
        new BatchEntry.Refund(++cart.sequence, Bytes.of(tooMuch.encode())),
        new BatchEntry.Refund(++cart.sequence, Bytes.of(rest.encode())))));

    assertThat(outcomes(report)).containsExactly(SettlementOutcome.SETTLED, SettlementOutcome.SETTLED,
        SettlementOutcome.REJECTED, SettlementOutcome.SETTLED);
    assertThat(report.entries().get(2).reason()).contains(Reason.OVER_REFUNDABLE);
    assertThat(balance(payer.accountId)).isEqualTo(20_000);
    JsonNode totals = TestServer.check(server.get("/v1/flights/" + flight.flightId + "/settlement-report",
        flight.airline.merchantKey()), 200).json().at("/totals/0");
    assertThat(totals.get("salesMinor").asLong()).isEqualTo(4_800);
    assertThat(totals.get("refundsMinor").asLong()).isEqualTo(4_800);
    assertThat(totals.get("feesMinor").asLong()).as("0.6%% of 48.00, rounded half up").isEqualTo(29);
    assertThat(totals.get("netPayableMinor").asLong()).isEqualTo(-29);
    assertLedgerBalanced();
  }

  @Test
  void aPayerWhoCannotCover_theFlight_isInArrears_refusedAtEnrolment_andRestoredByATopUp() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(1_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    List<BatchEntry> entries = new java.util.ArrayList<>();
    for (int i = 0; i < 6; i++) {
      entries.add(flight.oneScan(cart, payer, 1_000, false).entry());
    }

    SettlementReport report = flight.upload(flight.batch(cart, entries));

    assertThat(outcomes(report)).containsOnly(SettlementOutcome.SETTLED);
    JsonNode account = server.get("/v1/accounts/" + payer.accountId, payer.token).json();
    assertThat(account.get("status").asText()).isEqualTo("in_arrears");
    assertThat(account.at("/arrears/amountMinor").asLong()).isEqualTo(5_000);
    assertThat(account.get("notice").asText()).contains("50.00 CNY");
    Aboard later = new Aboard(server, 0);
    TestServer.Response refused = server.post("/v1/enrolments", payer.token,
        Devices.enrolment(server, payer.token, later.flightId, Devices.p256()));
    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.json().get("reason").asText()).isEqualTo("in_arrears");
    JsonNode merchant = TestServer.check(server.get("/v1/airlines/" + flight.airline.id() + "/settlement-report",
        flight.airline.merchantKey()), 200).json();
    assertThat(merchant.at("/totals/0/netPayableMinor").asLong()).isEqualTo(6_000 - 36);
    assertThat(merchant.at("/ledger/0/merchantLedgerBalanceMinor").asLong()).isEqualTo(6_000 - 36);

    TestServer.check(server.post("/v1/accounts/" + payer.accountId + "/top-ups", TestServer.ADMIN_KEY,
        Map.of("amountMinor", 7_000, "currency", "CNY")), 200);

    JsonNode after = server.get("/v1/accounts/" + payer.accountId, payer.token).json();
    assertThat(after.get("status").asText()).isEqualTo("active");
    assertThat(after.at("/arrears/amountMinor").asLong()).isZero();
    assertThat(after.at("/balance/amountMinor").asLong()).isEqualTo(2_000);
    assertThat(after.at("/score/value").asInt()).as("550, less 25 for the episode, plus 6 points for 60.00 settled")
        .isEqualTo(550 - 25 + 6);
    assertLedgerBalanced();
  }

  @Test
  void aStaleOneScanCode_thatATerminalAcceptedAnyway_isRejectedStale_andNotCharged() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(50_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Instant madeAt = Aboard.now();
    // The terminal takes both 121 s after the first was made: the bundle's window is 120 s.
    Instant acceptedAt = madeAt.plusSeconds(121);
    PaymentAuthorization screenshot = flight.sign(payer, AuthorizationKind.ONE_SCAN_EXACT, 1_000, false,
        Bytes.empty(), Optional.empty(), madeAt);
    PaymentAuthorization fresh = flight.sign(payer, AuthorizationKind.ONE_SCAN_EXACT, 2_000, false,
        Bytes.empty(), Optional.empty(), madeAt.plusSeconds(1));
    List<BatchEntry> entries = new ArrayList<>();
    for (PaymentAuthorization code : List.of(screenshot, fresh)) {
      var receipt = new io.aloft.protocol.message.Receipt(code.paymentId(), cart.id,
          Money.of(code.amountMinor(), "CNY"), io.aloft.protocol.message.Receipt.digestOf(code), acceptedAt,
          ++cart.sequence, Bytes.empty()).signedBy(cart.key);
      entries.add(new BatchEntry.Payment(cart.sequence, Bytes.of(code.encode()), Bytes.empty(),
          Bytes.of(receipt.encode())));
    }

    SettlementReport report = flight.upload(flight.batch(cart, entries));

    assertThat(outcomes(report)).as(report.entries().toString())
        .containsExactly(SettlementOutcome.REJECTED, SettlementOutcome.SETTLED);
    assertThat(report.entries().get(0).reason()).contains(Reason.ONE_SCAN_CODE_STALE);
    assertThat(balance(payer.accountId)).isEqualTo(48_000);
    assertLedgerBalanced();
  }

  @Test
  void anEntryThatBreaksTheRules_isRejectedWithItsReason_andTheRestOfTheBatchSettles() {
    Aboard flight = new Aboard(server, 1);
    Passenger payer = flight.passenger(50_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Sale fine = flight.oneScan(cart, payer, 1_000, false);
    PaymentAuthorization overLimit = flight.sign(payer, AuthorizationKind.ONE_SCAN_EXACT,
        payer.credential.perPaymentLimitMinor() + 1, false, Bytes.empty(), Optional.empty());
    var receipt = new io.aloft.protocol.message.Receipt(overLimit.paymentId(), cart.id,
        Money.of(overLimit.amountMinor(), "CNY"), io.aloft.protocol.message.Receipt.digestOf(overLimit), Aboard.now(),
        ++cart.sequence, Bytes.empty()).signedBy(cart.key);
    BatchEntry.Payment bad = new BatchEntry.Payment(cart.sequence, Bytes.of(overLimit.encode()), Bytes.empty(),
        Bytes.of(receipt.encode()));
    BatchEntry.Payment garbage = new BatchEntry.Payment(++cart.sequence, Bytes.of(new byte[] {1, 6, 0}),
        Bytes.empty(), Bytes.of(receipt.encode()));

    SettlementReport report = flight.upload(flight.batch(cart, List.of(fine.entry(), bad, garbage)));

    assertThat(outcomes(report)).containsExactly(SettlementOutcome.SETTLED, SettlementOutcome.REJECTED,
        SettlementOutcome.REJECTED);
    assertThat(report.entries().get(1).reason()).contains(Reason.OVER_PAYMENT_LIMIT);
    assertThat(report.entries().get(2).reason()).contains(Reason.MALFORMED);
    assertThat(balance(payer.accountId)).isEqualTo(49_000);
  }
}
