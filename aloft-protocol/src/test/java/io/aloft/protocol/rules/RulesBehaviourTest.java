package io.aloft.protocol.rules;

import static io.aloft.protocol.Flight.CNY;
import static io.aloft.protocol.Flight.EUR;
import static io.aloft.protocol.Flight.NOW;
import static io.aloft.protocol.Flight.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.Flight;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.money.Money;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rule behaviour beyond "some case produces each reason": order, history, FX and the wallet's side. */
class RulesBehaviourTest {
  /** The same seeds as ReasonTest's flight, so its helpers' codes verify here too. */
  private static final Flight F = new Flight(SignatureAlgorithm.ECDSA_P256);

  private static Verdict<AcceptedPayment> pay(Presentation presentation) {
    return PaymentRules.check(presentation, F.bundle, Flight.TERMINAL_ID, CredentialHistory.empty(), NOW,
        AcceptancePolicy.DEFAULT);
  }

  private static Verdict<AcceptedPayment> payWith(PaymentAuthorization code, CredentialHistory history) {
    return PaymentRules.check(Presentation.oneScan(code), F.bundle, Flight.TERMINAL_ID, history, NOW,
        AcceptancePolicy.DEFAULT);
  }

  @Test
  void accepted_carriesThePaymentIdAndWhatToRemember() {
    PaymentAuthorization code = F.oneScan(4_500, 3, 9_000, false);
    AcceptedPayment accepted = payWith(code, CredentialHistory.empty()).value();
    assertThat(accepted.paymentId()).hasToString("0011223344556677-3");
    assertThat(accepted.charged()).isEqualTo(Money.of(4_500, CNY));
    assertThat(accepted.asSeen()).isEqualTo(new SeenPayment(3, 9_000, 4_500));
  }

  @Test
  void history_laterCounterMustAddToTheCumulative_andGapsMayFillInOrder() {
    CredentialHistory seen = CredentialHistory.of(List.of(new SeenPayment(2, 9_000, 4_500)));
    assertThat(payWith(F.oneScan(1_000, 3, 10_000, false), seen).isAccepted()).isTrue();
    // Counter 3 claiming a total that does not add this payment on top of counter 2's.
    assertThat(payWith(F.oneScan(1_000, 3, 9_500, false), seen).reason()).isEqualTo(Reason.INCONSISTENT_CUMULATIVE);
    // Counter 1 seen after 2: fine when its cumulative fits below counter 2's starting point.
    assertThat(payWith(F.oneScan(4_500, 1, 4_500, false), seen).isAccepted()).isTrue();
    // ...but not when the earlier counter claims more than the later one started from.
    assertThat(payWith(F.oneScan(4_600, 1, 4_600, false), seen).reason()).isEqualTo(Reason.INCONSISTENT_CUMULATIVE);
  }

  @Test
  void handshake_signedForAnotherAmountThanTheRequest_isRequestMismatch() {
    PaymentRequest request = F.request(4_500);
    PaymentAuthorization other = new PaymentAuthorization(AuthorizationKind.HANDSHAKE, Flight.SERIAL, Optional.empty(),
        1, 4_000, 4_000, Optional.empty(), Flight.CODE_TIME, request.nonce(), Bytes.empty())
        .signedBy(F.device, Optional.of(request));
    assertThat(pay(Presentation.handshake(other, request)).reason()).isEqualTo(Reason.REQUEST_MISMATCH);
  }

  /** A request in the cart's name and for its merchant, but signed by a key that is not the cart's. */
  private static PaymentRequest requestSignedByStranger(long terminalId) {
    SoftwareSigner stranger = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Flight.seed(99));
    return new PaymentRequest(terminalId, Flight.MERCHANT_ID, Money.of(4_500, CNY), PaymentRequest.digestOf(List.of()),
        Flight.NONCE, T0, F.bundle.bundleVersion(), List.of(), Bytes.empty()).signedBy(stranger);
  }

  @Test
  void handshake_whoseRequestIsNotSignedByTheTerminal_isBadSignature_unlessThatTerminalsEnclosingSignatureVouches() {
    PaymentRequest forged = requestSignedByStranger(Flight.TERMINAL_ID);
    Presentation presentation = Presentation.handshake(F.handshake(forged, 1, 4_500), forged);

    assertThat(pay(presentation).reason()).isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(((Verdict.Rejected<AcceptedPayment>) pay(presentation)).detail()).contains("request signature");
    // Vouched for by another terminal than the one the request names: verified as usual.
    assertThat(pay(presentation.withRequestAuthenticatedBy(Flight.TERMINAL_ID + 1)).reason())
        .isEqualTo(Reason.BAD_SIGNATURE);
    // The issuer verified the batch of the very terminal the request names: its signature covers the request.
    assertThat(pay(presentation.withRequestAuthenticatedBy(Flight.TERMINAL_ID)).isAccepted()).isTrue();
  }

  @Test
  void aVouchForTheRequestsTerminal_doesNotLiftTheTerminalBinding_norTheDeviceSignatureOverTheRequest() {
    long other = Flight.TERMINAL_ID + 1;
    PaymentRequest elsewhere = F.request(other, Flight.MERCHANT_ID, Money.of(4_500, CNY), Flight.NONCE);
    Presentation atAnotherCart = Presentation.handshake(F.handshake(elsewhere, 1, 4_500), elsewhere)
        .withRequestAuthenticatedBy(other);
    assertThat(pay(atAnotherCart).reason()).isEqualTo(Reason.WRONG_TERMINAL);

    // The payer signed a request for 45.00; the same request altered to 40.00 no longer matches the device signature.
    PaymentRequest signed = F.request(4_500);
    PaymentAuthorization code = F.handshake(signed, 1, 4_500);
    PaymentRequest altered = F.request(Flight.TERMINAL_ID, Flight.MERCHANT_ID, Money.of(4_000, CNY), Flight.NONCE);
    assertThat(pay(Presentation.handshake(code, altered).withRequestAuthenticatedBy(Flight.TERMINAL_ID)).reason())
        .isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(pay(Presentation.handshake(code, signed).withRequestAuthenticatedBy(Flight.TERMINAL_ID)).isAccepted())
        .isTrue();
  }

  @Test
  void oneScanPresentedWithARequest_isWrongKind() {
    assertThat(pay(new Presentation(F.oneScan(100, 1, 100, false), Optional.of(F.request(100)), Optional.empty()))
        .reason()).isEqualTo(Reason.WRONG_KIND);
  }

  @Test
  void cap_chargedInAnotherCurrencyOrOnAnExactCode_isChargeAboveSigned() {
    assertThat(pay(Presentation.cap(ReasonTest.cap(1_000), Money.of(10, EUR))).reason())
        .isEqualTo(Reason.CHARGE_ABOVE_SIGNED);
    assertThat(pay(Presentation.cap(F.oneScan(1_000, 1, 1_000, false), Money.of(900, CNY))).reason())
        .isEqualTo(Reason.CHARGE_ABOVE_SIGNED);
  }

  @Test
  void foreignCurrency_isConvertedAtTheBundleRateForLimits() {
    AcceptedPayment accepted = pay(Presentation.oneScan(ReasonTest.foreign(EUR))).value();
    assertThat(accepted.charged()).isEqualTo(Money.of(1_000, EUR));
    assertThat(accepted.signedCharge()).isEqualTo(Money.of(7_800, CNY));
    assertThat(accepted.cumulative()).isEqualTo(Money.of(7_800, CNY));
  }

  @Test
  void bundleGrace_acceptsUntilItEnds() {
    // Made as the bundle expires: a one-scan code is good for two minutes after it is made.
    PaymentAuthorization code = new PaymentAuthorization(AuthorizationKind.ONE_SCAN_EXACT, Flight.SERIAL,
        Optional.empty(), 1, 100, 100, Optional.empty(), F.bundle.expiresAt(), Bytes.empty(), Bytes.empty())
        .signedBy(F.device, Optional.empty());
    AcceptancePolicy noGrace = new AcceptancePolicy(Duration.ofDays(2), Duration.ZERO);
    assertThat(PaymentRules.check(Presentation.oneScan(code), F.bundle, Flight.TERMINAL_ID, CredentialHistory.empty(),
        F.bundle.expiresAt(), noGrace).reason()).isEqualTo(Reason.BUNDLE_EXPIRED);
    AcceptancePolicy grace = new AcceptancePolicy(Duration.ofDays(2), Duration.ofHours(1));
    assertThat(PaymentRules.check(Presentation.oneScan(code), F.bundle, Flight.TERMINAL_ID, CredentialHistory.empty(),
        F.bundle.expiresAt(), grace).isAccepted()).isTrue();
  }

  @Test
  void bundleInstall_forAnotherFlightOrUnderAnUntrustedKey_isRefused() {
    assertThat(BundleRules.checkInstall(F.bundle, List.of(), Optional.empty(), NOW).reason())
        .isEqualTo(Reason.UNKNOWN_ISSUER_KEY);
    Flight other = new Flight(SignatureAlgorithm.ED25519);
    assertThat(ReasonTest.install(F.bundle, Optional.of(other.bundle), NOW).isAccepted()).isTrue();
  }

  @Test
  void spendWithoutBundle_beforeValidFrom_isNotYetValid_andAfterValidUntil_isExpired() {
    Money amount = Money.of(100, CNY);
    assertThat(SpendRules.checkSpend(F.credential, null, amount, 0, T0.minusSeconds(7200)).reason())
        .isEqualTo(Reason.CREDENTIAL_NOT_YET_VALID);
    assertThat(SpendRules.checkSpend(F.credential, null, amount, 0, F.credential.validUntil()).reason())
        .isEqualTo(Reason.CREDENTIAL_EXPIRED);
    assertThat(SpendRules.checkSpend(F.credential, null, amount, 0, NOW).value().cumulativeAfter())
        .isEqualTo(Money.of(100, CNY));
  }

  @Test
  void spend_overTheTotalOrInAnUnconvertibleCurrency_isRefused() {
    assertThat(SpendRules.checkSpend(F.credential, null, Money.of(100, CNY), Flight.TOTAL_LIMIT, NOW).reason())
        .isEqualTo(Reason.OVER_TOTAL_LIMIT);
    assertThat(SpendRules.checkSpend(F.credential, null, Money.of(100, EUR), 0, NOW).reason())
        .isEqualTo(Reason.CURRENCY_NOT_COVERED);
    assertThat(SpendRules.checkSpend(F.credential, F.bundle, Money.of(100, EUR), 0, NOW).value().signedCharge())
        .isEqualTo(Money.of(780, CNY));
    assertThat(SpendRules.checkSpend(F.credential, F.bundle, Money.of(100, CNY), Long.MAX_VALUE, NOW).reason())
        .isEqualTo(Reason.OVER_TOTAL_LIMIT);
  }

  @Test
  void spend_withANegativeRunningTotal_isACallerBug() {
    assertThatThrownBy(() -> SpendRules.checkSpend(F.credential, null, Money.of(1, CNY), -1, NOW))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void receipt_inAnotherCurrencyThanSigned_isWrongPayment() {
    assertThat(receiptCharging(Money.of(4_500, EUR))).isEqualTo(Reason.WRONG_PAYMENT);
  }

  @Test
  void receipt_chargingMoreThanSigned_isChargeAboveSigned() {
    assertThat(receiptCharging(Money.of(4_501, CNY))).isEqualTo(Reason.CHARGE_ABOVE_SIGNED);
  }

  /** Why a receipt charging {@code charged} for a 45.00 CNY one-scan payment is refused. */
  private static Reason receiptCharging(Money charged) {
    PaymentAuthorization paid = F.oneScan(4_500, 1, 4_500, false);
    Receipt receipt = new Receipt(paid.paymentId(), Flight.TERMINAL_ID, charged, Receipt.digestOf(paid), NOW, 1,
        Bytes.empty()).signedBy(F.terminalKey);
    return NoteRules.checkReceipt(receipt, paid, F.bundle).reason();
  }

  @Test
  void verdict_valueOfARejection_andReasonOfAnAcceptance_areCallerBugs() {
    Verdict<String> rejected = Verdict.reject(Reason.MALFORMED, "x");
    assertThatThrownBy(rejected::value).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> Verdict.accept("ok").reason()).isInstanceOf(IllegalStateException.class);
    assertThat(Verdict.accept("ok").map(String::length).value()).isEqualTo(2);
    assertThat(rejected.map(String::length).reason()).isEqualTo(Reason.MALFORMED);
  }
}
