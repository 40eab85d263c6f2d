package io.aloft.protocol.rules;

import static io.aloft.protocol.Flight.CNY;
import static io.aloft.protocol.Flight.CODE_TIME;
import static io.aloft.protocol.Flight.NOW;
import static io.aloft.protocol.Flight.T0;
import static io.aloft.protocol.Flight.TERMINAL_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.Flight;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every {@link Reason} has a case that produces it through the public rules. Each case changes one
 * thing in a payment, bundle or note that the baseline tests below show is accepted.
 * {@link Reason#STALE_BUNDLE} is settlement's alone (it needs the issuer's record of when each
 * bundle was issued): aloft-server's SettlementTest produces it. So is
 * {@link Reason#NO_MERCHANT_RECORD} (it needs the issuer's clock and what terminals uploaded):
 * aloft-server's MerchantRecordDeadlineTest produces it. The wallet's own reasons (NOT_ENROLLED to
 * FX_RATE_CHANGED) are about the device and its bills, and aloft-wallet's tests produce them.
 */
class ReasonTest {
  private static final Flight F = new Flight(SignatureAlgorithm.ECDSA_P256);
  private static final AcceptancePolicy POLICY = AcceptancePolicy.DEFAULT;
  private static final long AMOUNT = 4_500;

  private static final Map<Reason, Supplier<Verdict<?>>> CASES = cases();

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Reason.class, mode = EnumSource.Mode.EXCLUDE, names = {"STALE_BUNDLE", "NO_MERCHANT_RECORD",
      "NOT_ENROLLED", "KEY_UNAVAILABLE", "WRONG_DEVICE_KEY", "ALREADY_PAID", "UNKNOWN_PAYMENT", "RECEIPT_NEEDED",
      "CONFLICTING_NOTE", "FX_RATE_CHANGED"})
  void everyReason_isProducedByItsCase(Reason reason) {
    assertThat(CASES).as("a case that produces " + reason).containsKey(reason);
    Verdict<?> verdict = CASES.get(reason).get();
    assertThat(verdict.isAccepted()).as(verdict.toString()).isFalse();
    assertThat(verdict.reason()).as(verdict.toString()).isEqualTo(reason);
    assertThat(reason.message()).isNotBlank().endsWith(".");
  }

  @Test
  void baselines_areAccepted() {
    assertThat(accept(Presentation.handshake(F.handshake(F.request(AMOUNT), 1, AMOUNT), F.request(AMOUNT)))).isTrue();
    assertThat(accept(Presentation.oneScan(F.oneScan(AMOUNT, 1, AMOUNT, false)))).isTrue();
    assertThat(accept(Presentation.oneScan(F.oneScan(AMOUNT, 1, AMOUNT, true)))).isTrue();
    assertThat(accept(Presentation.cap(cap(1_000), Money.of(1_000, CNY)))).isTrue();
    assertThat(accept(Presentation.oneScan(foreign(CurrencyUnit.of("EUR"))))).isTrue();
    assertThat(SpendRules.checkRequest(F.request(AMOUNT), F.bundle, F.credential, 0, NOW, POLICY).isAccepted()).isTrue();
    assertThat(install(F.bundle, Optional.empty(), NOW).isAccepted()).isTrue();
    assertThat(NoteRules.checkReceipt(receipt(1), F.oneScan(AMOUNT, 1, AMOUNT, false), F.bundle).isAccepted()).isTrue();
    assertThat(NoteRules.checkRefund(refund(AMOUNT), receipt(1), Money.zero(CNY), F.bundle).isAccepted()).isTrue();
  }

  private static Map<Reason, Supplier<Verdict<?>>> cases() {
    Map<Reason, Supplier<Verdict<?>>> cases = new EnumMap<>(Reason.class);
    PaymentRequest request = F.request(AMOUNT);
    cases.put(Reason.MALFORMED, () -> pay(Presentation.oneScan(foreign(CNY))));
    cases.put(Reason.WRONG_KIND, () -> pay(new Presentation(F.handshake(request, 1, AMOUNT), Optional.empty(),
        Optional.empty())));
    cases.put(Reason.BAD_SIGNATURE, () -> pay(Presentation.oneScan(signedByStranger())));
    cases.put(Reason.UNKNOWN_ISSUER_KEY, () -> selfContained(F.credential(Flight.SERIAL, 2, T0.minusSeconds(3600),
        T0.plusSeconds(3600), Flight.FLIGHT_ID)));
    cases.put(Reason.UNKNOWN_CREDENTIAL, () -> pay(Presentation.oneScan(new PaymentAuthorization(
        AuthorizationKind.ONE_SCAN_EXACT, CredentialSerial.fromHex("0000000000000001"), Optional.empty(), 1, AMOUNT,
        AMOUNT, Optional.empty(), CODE_TIME, Bytes.empty(), Bytes.empty()).signedBy(F.device, Optional.empty()))));
    cases.put(Reason.CREDENTIAL_NOT_YET_VALID, () -> selfContained(F.credential(Flight.SERIAL, 1,
        T0.plusSeconds(3600), T0.plusSeconds(7200), Flight.FLIGHT_ID)));
    cases.put(Reason.CREDENTIAL_EXPIRED, () -> selfContained(F.credential(Flight.SERIAL, 1,
        T0.minusSeconds(7200), T0, Flight.FLIGHT_ID)));
    cases.put(Reason.CREDENTIAL_REVOKED, () -> pay(Presentation.oneScan(F.oneScan(AMOUNT, 1, AMOUNT, false)),
        bundle(List.of(Flight.SERIAL), List.of()), NOW, CredentialHistory.empty()));
    cases.put(Reason.WRONG_FLIGHT, () -> selfContained(F.credential(Flight.SERIAL, 1, T0.minusSeconds(3600),
        T0.plusSeconds(3600), 9999)));
    cases.put(Reason.OVER_PAYMENT_LIMIT, () -> pay(Presentation.oneScan(F.oneScan(Flight.PER_PAYMENT_LIMIT + 1, 1,
        Flight.PER_PAYMENT_LIMIT + 1, false))));
    cases.put(Reason.OVER_TOTAL_LIMIT, () -> pay(Presentation.oneScan(F.oneScan(AMOUNT, 9, Flight.TOTAL_LIMIT + 1,
        false))));
    cases.put(Reason.REPLAYED_COUNTER, () -> pay(Presentation.oneScan(F.oneScan(AMOUNT, 1, AMOUNT, false)),
        F.bundle, NOW, CredentialHistory.of(List.of(new SeenPayment(1, AMOUNT, AMOUNT)))));
    cases.put(Reason.INCONSISTENT_CUMULATIVE, () -> pay(Presentation.oneScan(F.oneScan(AMOUNT, 1, AMOUNT - 1, false))));
    cases.put(Reason.CHARGE_ABOVE_SIGNED, () -> pay(Presentation.cap(cap(1_000), Money.of(1_001, CNY))));
    cases.put(Reason.REQUEST_MISMATCH, () -> pay(Presentation.handshake(F.handshake(request, 1, AMOUNT),
        F.request(Flight.TERMINAL_ID, Flight.MERCHANT_ID, Money.of(AMOUNT, CNY), Bytes.fromHex("0000000000000000")))));
    cases.put(Reason.CURRENCY_NOT_COVERED, () -> pay(Presentation.oneScan(foreign(CurrencyUnit.of("JPY")))));
    cases.put(Reason.CLOCK_OUT_OF_WINDOW, () -> pay(Presentation.handshake(F.handshake(F.request(AMOUNT), 1, AMOUNT),
        F.request(AMOUNT)), F.bundle, CODE_TIME.plus(Duration.ofMinutes(16)), CredentialHistory.empty()));
    cases.put(Reason.UNKNOWN_TERMINAL, () -> PaymentRules.check(Presentation.oneScan(F.oneScan(AMOUNT, 1, AMOUNT,
        false)), F.bundle, 8, CredentialHistory.empty(), NOW, POLICY));
    cases.put(Reason.TERMINAL_REVOKED, () -> pay(Presentation.oneScan(F.oneScan(AMOUNT, 1, AMOUNT, false)),
        bundle(List.of(), List.of(TERMINAL_ID)), NOW, CredentialHistory.empty()));
    cases.put(Reason.TERMINAL_CERTIFICATE_INVALID, () -> pay(Presentation.oneScan(F.oneScan(AMOUNT, 1, AMOUNT,
        false)), F.bundle(1, T0.plusSeconds(12 * 3600), List.of(F.terminalCertificate(TERMINAL_ID,
        T0.minusSeconds(86400), T0)), List.of(), List.of()), NOW, CredentialHistory.empty()));
    PaymentRequest otherTerminal = F.request(8, Flight.MERCHANT_ID, Money.of(AMOUNT, CNY), Flight.NONCE);
    cases.put(Reason.WRONG_TERMINAL, () -> pay(Presentation.handshake(F.handshake(otherTerminal, 1, AMOUNT),
        otherTerminal)));
    cases.put(Reason.WRONG_MERCHANT, () -> SpendRules.checkRequest(F.request(TERMINAL_ID, 43, Money.of(AMOUNT, CNY),
        Flight.NONCE), F.bundle, F.credential, 0, NOW, POLICY));
    cases.put(Reason.BUNDLE_EXPIRED, () -> install(F.bundle, Optional.empty(), F.bundle.expiresAt()));
    cases.put(Reason.BUNDLE_STALE, () -> install(F.bundle, Optional.of(bundle(List.of(), List.of(), 2)), NOW));
    cases.put(Reason.WRONG_PAYMENT, () -> NoteRules.checkReceipt(receipt(1), F.oneScan(AMOUNT, 2, AMOUNT, false),
        F.bundle));
    cases.put(Reason.OVER_REFUNDABLE, () -> NoteRules.checkRefund(refund(AMOUNT), receipt(1), Money.of(1, CNY),
        F.bundle));
    cases.put(Reason.ONE_SCAN_CODE_STALE, () -> pay(Presentation.oneScan(F.oneScan(AMOUNT, 1, AMOUNT, false)),
        F.bundle, CODE_TIME.plusSeconds(121), CredentialHistory.empty()));
    cases.put(Reason.ONE_SCAN_OVER_MAX, () -> pay(Presentation.oneScan(F.oneScan(AMOUNT, 1, AMOUNT, false)),
        F.bundle(OneScanPolicy.of(OneScanPolicy.DEFAULT_WINDOW, Money.of(AMOUNT - 1, CNY))), NOW,
        CredentialHistory.empty()));
    return cases;
  }

  static Verdict<AcceptedPayment> pay(Presentation presentation) {
    return pay(presentation, F.bundle, NOW, CredentialHistory.empty());
  }

  static Verdict<AcceptedPayment> pay(Presentation presentation, TrustBundle bundle, Instant now,
      CredentialHistory history) {
    return PaymentRules.check(presentation, bundle, TERMINAL_ID, history, now, POLICY);
  }

  private static boolean accept(Presentation presentation) {
    Verdict<AcceptedPayment> verdict = pay(presentation);
    assertThat(verdict.isAccepted()).as(verdict.toString()).isTrue();
    return true;
  }

  static Verdict<AcceptedPayment> selfContained(OfflineCredential credential) {
    return pay(Presentation.oneScan(F.oneScan(AuthorizationKind.ONE_SCAN_EXACT, Optional.of(credential), AMOUNT,
        Optional.empty(), 1, AMOUNT)));
  }

  static Verdict<TrustBundle> install(TrustBundle candidate, Optional<TrustBundle> installed, Instant now) {
    return BundleRules.checkInstall(candidate, List.of(new IssuerKey(1, F.issuer.publicKey())), installed, now);
  }

  static TrustBundle bundle(List<CredentialSerial> revoked, List<Long> revokedTerminals) {
    return bundle(revoked, revokedTerminals, 1);
  }

  static TrustBundle bundle(List<CredentialSerial> revoked, List<Long> revokedTerminals, long version) {
    return F.bundle(version, T0.plusSeconds(12 * 3600), List.of(F.terminal), revoked, revokedTerminals);
  }

  static PaymentAuthorization cap(long capMinor) {
    return F.oneScan(AuthorizationKind.ONE_SCAN_CAP, Optional.empty(), capMinor, Optional.empty(), 1, capMinor);
  }

  /** 10.00 in {@code currency}, compact; only EUR has a rate to CNY in the bundle (7.8). */
  static PaymentAuthorization foreign(CurrencyUnit currency) {
    return F.oneScan(AuthorizationKind.ONE_SCAN_EXACT, Optional.empty(), 1_000, Optional.of(currency), 1, 7_800);
  }

  static PaymentAuthorization signedByStranger() {
    SoftwareSigner stranger = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ECDSA_P256, Flight.seed(9));
    return new PaymentAuthorization(AuthorizationKind.ONE_SCAN_EXACT, Flight.SERIAL, Optional.empty(), 1, AMOUNT,
        AMOUNT, Optional.empty(), CODE_TIME, Bytes.empty(), Bytes.empty()).signedBy(stranger, Optional.empty());
  }

  /** The terminal's receipt for the compact one-scan payment of AMOUNT with {@code counter}. */
  static Receipt receipt(long counter) {
    PaymentAuthorization paid = F.oneScan(AMOUNT, counter, AMOUNT, false);
    return new Receipt(paid.paymentId(), TERMINAL_ID, Money.of(AMOUNT, CNY), Receipt.digestOf(paid), NOW, 1,
        Bytes.empty()).signedBy(F.terminalKey);
  }

  static RefundNote refund(long amountMinor) {
    return new RefundNote(new PaymentId(Flight.SERIAL, 1), 1, TERMINAL_ID, Money.of(amountMinor, CNY), NOW,
        Bytes.empty()).signedBy(F.terminalKey);
  }
}
