package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.T0;
import static io.aloft.terminal.TestFlight.cny;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.qr.QrText;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.TestFlight.Payer;
import io.aloft.terminal.sale.RequestCode;
import io.aloft.terminal.sale.Sale;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every reason code a crew can meet at the scanner, through the terminal's public API. */
class AcceptanceTest extends TerminalTestCase {
  final Payer payer = flight.payers.get(0);

  AcceptanceTest() {
    super(2);
  }

  @BeforeEach
  void open() {
    terminal = flight.openWithBundle(directory, clock);
  }

  private Reason rejection(Verdict<?> verdict) {
    assertThat(verdict.isAccepted()).as("%s", verdict).isFalse();
    return verdict.reason();
  }

  @Test
  void handshake_paysTheRequest_andTheReceiptVerifiesForThePassenger() throws Exception {
    RequestCode code = terminal.createRequest(cny(4_500),
        List.of(new LineItem("Jasmine tea", 2, 1_500), new LineItem("Noodles", 1, 1_500))).value();
    PaymentRequest scannedByWallet = PaymentRequest.decode(QrText.decode(code.qrText()));
    assertThat(scannedByWallet.items()).hasSize(2);

    Sale sale = terminal.accept(flight.handshake(payer, scannedByWallet, 1, 4_500).toQrText()).value();

    assertThat(sale.charged()).isEqualTo(cny(4_500));
    assertThat(sale.journalSequence()).isEqualTo(1);
    Receipt receipt = Receipt.decode(QrText.decode(sale.receiptQrText()));
    var check = io.aloft.protocol.rules.NoteRules.checkReceipt(receipt,
        flight.handshake(payer, scannedByWallet, 1, 4_500), flight.bundle().build());
    assertThat(check.isAccepted()).as("%s", check).isTrue();
    assertThat(terminal.verifyJournal().intact()).isTrue();
  }

  @Test
  void oneScanExact_andCap_areCharged_asSignedAndAsAsked() {
    Sale exact = terminal.accept(flight.oneScan(payer, 1, 3_000, 3_000).toQrText()).value();
    PaymentAuthorization cap = flight.code(payer, AuthorizationKind.ONE_SCAN_CAP, 2, 13_000, 10_000, true,
        Optional.empty(), T0.plusSeconds(5));
    Sale capped = terminal.accept(cap.toQrText(), cny(7_250)).value();

    assertThat(exact.charged()).isEqualTo(cny(3_000));
    assertThat(capped.charged()).isEqualTo(cny(7_250));
    assertThat(capped.receipt().charged()).isEqualTo(cny(7_250));
  }

  @Test
  void replayOfAnAcceptedCode_isRefused_beforeAndAfterARestart() {
    String code = flight.oneScan(payer, 1, 3_000, 3_000).toQrText();
    assertThat(terminal.accept(code).isAccepted()).isTrue();
    assertThat(rejection(terminal.accept(code))).isEqualTo(Reason.REPLAYED_COUNTER);

    restart();

    assertThat(rejection(terminal.accept(code))).isEqualTo(Reason.REPLAYED_COUNTER);
    assertThat(rejection(terminal.accept(code, cny(1_000)))).isIn(Reason.REPLAYED_COUNTER, Reason.CHARGE_ABOVE_SIGNED);
  }

  @Test
  void replayOfAHandshake_isRefusedAsReplay_evenAfterRestart_andAPaidRequestCannotBePaidAgain() {
    PaymentRequest request = terminal.createRequest(cny(2_000), List.of()).value().request();
    String answer = flight.handshake(payer, request, 1, 2_000).toQrText();
    assertThat(terminal.accept(answer).isAccepted()).isTrue();

    restart();

    assertThat(rejection(terminal.accept(answer))).isEqualTo(Reason.REPLAYED_COUNTER);
    Payer other = flight.payers.get(1);
    assertThat(rejection(terminal.accept(flight.handshake(other, request, 1, 2_000).toQrText())))
        .isEqualTo(Reason.REQUEST_MISMATCH);
  }

  @Test
  void requestShownBeforeARestart_isStillAnswerableAfterIt() {
    PaymentRequest request = terminal.createRequest(cny(2_000), List.of()).value().request();
    restart();

    assertThat(terminal.accept(flight.handshake(payer, request, 1, 2_000).toQrText()).isAccepted()).isTrue();
  }

  @Test
  void handshakeForARequestThisTerminalNeverMade_isARequestMismatch() {
    PaymentRequest foreign = new PaymentRequest(TestFlight.TERMINAL_ID, TestFlight.MERCHANT_ID, cny(2_000),
        PaymentRequest.digestOf(List.of()), Bytes.fromHex("0102030405060708"), T0, 1, List.of(), Bytes.empty())
        .signedBy(flight.terminalKey);
    assertThat(rejection(terminal.accept(flight.handshake(payer, foreign, 1, 2_000).toQrText())))
        .isEqualTo(Reason.REQUEST_MISMATCH);
  }

  @Test
  void garbage_isMalformed_andAnotherKindOfCode_isWrongKind() {
    assertThat(rejection(terminal.accept("hello"))).isEqualTo(Reason.MALFORMED);
    assertThat(rejection(terminal.accept(""))).isEqualTo(Reason.MALFORMED);
    Sale sale = terminal.accept(flight.oneScan(payer, 1, 3_000, 3_000).toQrText()).value();
    assertThat(rejection(terminal.accept(sale.receiptQrText()))).isEqualTo(Reason.WRONG_KIND);
  }

  @Test
  void tamperedSignature_isBadSignature() {
    byte[] bytes = flight.oneScan(payer, 1, 3_000, 3_000).encode();
    bytes[bytes.length - 1] ^= 1;
    assertThat(rejection(terminal.accept(QrText.encode(bytes)))).isEqualTo(Reason.BAD_SIGNATURE);
  }

  @Test
  void credentialsTheBundleCannotVouchFor_areRefused() {
    SoftwareSigner rogueIssuer = TestFlight.signer(SignatureAlgorithm.ED25519, 66);
    OfflineCredential rogue = new OfflineCredential(payer.credential().serial(), 9,
        payer.device().publicKey(), TestFlight.CNY, 1_000, 1_000, T0.minusSeconds(3600), T0.plusSeconds(3600),
        TestFlight.FLIGHT_ID, 3, Bytes.empty()).signedBy(rogueIssuer);
    assertThat(rejection(terminal.accept(flight.code(new Payer(payer.device(), rogue), AuthorizationKind.ONE_SCAN_EXACT,
        1, 500, 500, true, Optional.empty(), T0.plusSeconds(5)).toQrText()))).isEqualTo(Reason.UNKNOWN_ISSUER_KEY);

    Payer stranger = flight.payer(40, TestFlight.FLIGHT_ID, T0.minusSeconds(3600), T0.plusSeconds(3600));
    assertThat(rejection(terminal.accept(flight.oneScan(stranger, 1, 500, 500).toQrText())))
        .isEqualTo(Reason.UNKNOWN_CREDENTIAL);

    Payer otherFlight = flight.payer(41, 9999, T0.minusSeconds(3600), T0.plusSeconds(3600));
    assertThat(rejection(terminal.accept(flight.code(otherFlight, AuthorizationKind.ONE_SCAN_EXACT, 1, 500, 500,
        true, Optional.empty(), T0.plusSeconds(5)).toQrText()))).isEqualTo(Reason.WRONG_FLIGHT);
  }

  @Test
  void credentialOutsideItsValidity_orRevoked_isRefused() {
    Payer early = flight.payer(5, TestFlight.FLIGHT_ID, T0.plusSeconds(3600), T0.plusSeconds(7200));
    Payer late = flight.payer(6, TestFlight.FLIGHT_ID, T0.minusSeconds(7200), T0.minusSeconds(3600));
    Payer revoked = flight.payer(7, TestFlight.FLIGHT_ID, T0.minusSeconds(3600), T0.plusSeconds(3600));
    var bundle = flight.bundle().version(2)
        .manifest(List.of(payer.credential(), early.credential(), late.credential(), revoked.credential()))
        .revoke(revoked.credential().serial());
    assertThat(terminal.installBundle(bundle.encode()).isAccepted()).isTrue();

    assertThat(rejection(terminal.accept(flight.oneScan(early, 1, 500, 500).toQrText())))
        .isEqualTo(Reason.CREDENTIAL_NOT_YET_VALID);
    assertThat(rejection(terminal.accept(flight.oneScan(late, 1, 500, 500).toQrText())))
        .isEqualTo(Reason.CREDENTIAL_EXPIRED);
    assertThat(rejection(terminal.accept(flight.oneScan(revoked, 1, 500, 500).toQrText())))
        .isEqualTo(Reason.CREDENTIAL_REVOKED);
  }

  @Test
  void limits_andCumulativeSpend_areEnforced() {
    assertThat(rejection(terminal.accept(flight.oneScan(payer, 1, 200_001, 200_001).toQrText())))
        .isEqualTo(Reason.OVER_PAYMENT_LIMIT);
    assertThat(rejection(terminal.accept(flight.oneScan(payer, 1, 500_001, 1_000).toQrText())))
        .isEqualTo(Reason.OVER_TOTAL_LIMIT);
    assertThat(terminal.accept(flight.oneScan(payer, 5, 10_000, 10_000).toQrText()).isAccepted()).isTrue();
    // Counter 6 claims only 12 000 spent in all, although counter 5 alone already brought it to 10 000.
    assertThat(rejection(terminal.accept(flight.oneScan(payer, 6, 12_000, 5_000).toQrText())))
        .isEqualTo(Reason.INCONSISTENT_CUMULATIVE);
  }

  @Test
  void charges_beyondWhatWasSigned_areRefused() {
    PaymentAuthorization cap = flight.code(payer, AuthorizationKind.ONE_SCAN_CAP, 1, 10_000, 10_000, false,
        Optional.empty(), T0.plusSeconds(5));
    assertThat(rejection(terminal.accept(cap.toQrText(), cny(10_001)))).isEqualTo(Reason.CHARGE_ABOVE_SIGNED);
    assertThat(rejection(terminal.accept(flight.oneScan(payer, 2, 3_000, 3_000).toQrText(), cny(2_000))))
        .isEqualTo(Reason.CHARGE_ABOVE_SIGNED);
  }

  @Test
  void currencyWithoutAnFxRate_isNotCovered_andOneWithARate_isConverted() {
    PaymentAuthorization usd = flight.code(payer, AuthorizationKind.ONE_SCAN_EXACT, 1, 1_000, 1_000, false,
        Optional.of(CurrencyUnit.of("USD")), T0.plusSeconds(5));
    assertThat(rejection(terminal.accept(usd.toQrText()))).isEqualTo(Reason.CURRENCY_NOT_COVERED);

    PaymentAuthorization eur = flight.code(payer, AuthorizationKind.ONE_SCAN_EXACT, 2, 7_800, 1_000, false,
        Optional.of(TestFlight.EUR), T0.plusSeconds(5));
    Sale sale = terminal.accept(eur.toQrText()).value();
    assertThat(sale.charged()).isEqualTo(Money.of(1_000, TestFlight.EUR));
  }

  @Test
  void codeFromFarOutsideTheClockWindow_isRefused() {
    PaymentAuthorization stale = flight.code(payer, AuthorizationKind.ONE_SCAN_EXACT, 1, 500, 500, false,
        Optional.empty(), T0.minusSeconds(1800));
    assertThat(rejection(terminal.accept(stale.toQrText()))).isEqualTo(Reason.ONE_SCAN_CODE_STALE);
    PaymentAuthorization ahead = flight.code(payer, AuthorizationKind.ONE_SCAN_EXACT, 1, 500, 500, false,
        Optional.empty(), T0.plusSeconds(1800));
    assertThat(rejection(terminal.accept(ahead.toQrText()))).isEqualTo(Reason.CLOCK_OUT_OF_WINDOW);
  }

  @Test
  void terminalTheBundleDoesNotKnow_orRevokes_orWhoseCertificateLapsed_cannotSell() {
    String code = flight.oneScan(payer, 1, 500, 500).toQrText();
    assertThat(terminal.installBundle(flight.bundle().version(2).terminals(List.of()).encode()).isAccepted()).isTrue();
    assertThat(rejection(terminal.accept(code))).isEqualTo(Reason.UNKNOWN_TERMINAL);
    assertThat(rejection(terminal.createRequest(cny(100), List.of()))).isEqualTo(Reason.UNKNOWN_TERMINAL);

    assertThat(terminal.installBundle(flight.bundle().version(3).revokeTerminal(TestFlight.TERMINAL_ID).encode())
        .isAccepted()).isTrue();
    assertThat(rejection(terminal.accept(code))).isEqualTo(Reason.TERMINAL_REVOKED);

    var lapsed = flight.certificate(flight.terminalKey, T0.minusSeconds(86_400), T0.minusSeconds(60));
    assertThat(terminal.installBundle(flight.bundle().version(4).terminals(List.of(lapsed)).encode()).isAccepted())
        .isTrue();
    assertThat(rejection(terminal.accept(code))).isEqualTo(Reason.TERMINAL_CERTIFICATE_INVALID);
  }

  @Test
  void expiredBundle_isHonouredThroughTheGracePeriod_thenEverythingIsRefused() {
    clock.set(T0.plusSeconds(12 * 3600 + 60));
    String first = flight.code(payer, AuthorizationKind.ONE_SCAN_EXACT, 1, 500, 500, false, Optional.empty(),
        clock.instant()).toQrText();
    // Past expiry, inside the 12 h grace; codes are signed near T0, so widen the clock window.
    terminal.close();
    terminal = Terminal.open(flight.config().withPolicy(new io.aloft.protocol.rules.AcceptancePolicy(
            Duration.ofDays(2), Duration.ofHours(12))), flight.terminalKey,
        io.aloft.terminal.sqlite.SqliteStorage.open(directory.resolve("terminal.db")), clock,
        new java.security.SecureRandom());
    assertThat(terminal.accept(first).isAccepted()).isTrue();
    assertThat(terminal.offlineStatus().bundle().orElseThrow().state())
        .isEqualTo(io.aloft.terminal.trust.BundleStatus.State.IN_GRACE);

    clock.set(T0.plusSeconds(24 * 3600));
    assertThat(rejection(terminal.accept(flight.code(payer, AuthorizationKind.ONE_SCAN_EXACT, 2, 1_000, 500, false,
        Optional.empty(), clock.instant()).toQrText())))
        .isEqualTo(Reason.BUNDLE_EXPIRED);
  }

  @Test
  void terminalWithoutABundle_refusesEverything_asExpired() {
    terminal.close();
    terminal = flight.openTerminal(directory.resolve("fresh"), clock);
    assertThat(rejection(terminal.accept(flight.oneScan(payer, 1, 500, 500).toQrText())))
        .isEqualTo(Reason.BUNDLE_EXPIRED);
    assertThat(rejection(terminal.createRequest(cny(100), List.of()))).isEqualTo(Reason.BUNDLE_EXPIRED);
  }
}
