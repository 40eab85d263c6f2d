package io.aloft.protocol.rules;

import static io.aloft.protocol.Flight.CNY;
import static io.aloft.protocol.Flight.CODE_TIME;
import static io.aloft.protocol.Flight.EUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Flight;
import io.aloft.protocol.client.IssuerClock;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One-scan codes go stale after the bundle's window, and the bundle caps what one code may carry. */
class OneScanFreshnessTest {
  private static final Flight F = new Flight(SignatureAlgorithm.ECDSA_P256);
  private static final long AMOUNT = 4_500;
  private static final PaymentAuthorization CODE = F.oneScan(AMOUNT, 1, AMOUNT, false);

  private static Verdict<AcceptedPayment> scanAt(PaymentAuthorization code, TrustBundle bundle, Instant now) {
    return PaymentRules.check(Presentation.oneScan(code), bundle, Flight.TERMINAL_ID, CredentialHistory.empty(),
        now, AcceptancePolicy.DEFAULT);
  }

  @Test
  void aCodeIsAcceptedUntilItIs120SecondsOld_andRefusedAsStaleAt121() {
    assertThat(scanAt(CODE, F.bundle, CODE_TIME).isAccepted()).isTrue();
    assertThat(scanAt(CODE, F.bundle, CODE_TIME.plusSeconds(120)).isAccepted()).isTrue();
    Verdict<AcceptedPayment> stale = scanAt(CODE, F.bundle, CODE_TIME.plusSeconds(121));
    assertThat(stale.reason()).isEqualTo(Reason.ONE_SCAN_CODE_STALE);
    assertThat(stale.reason().message()).isEqualTo("This code is too old. Ask the passenger to show a fresh one.");
  }

  @Test
  void aScreenshotShownAnHourLater_isStale_notAClockProblem() {
    assertThat(scanAt(CODE, F.bundle, CODE_TIME.plus(Duration.ofHours(1))).reason())
        .isEqualTo(Reason.ONE_SCAN_CODE_STALE);
  }

  @Test
  void aCodeDatedAheadOfTheTerminal_isAcceptedWithinTheWindow_andRefusedBeyondIt() {
    assertThat(scanAt(CODE, F.bundle, CODE_TIME.minusSeconds(120)).isAccepted()).isTrue();
    assertThat(scanAt(CODE, F.bundle, CODE_TIME.minusSeconds(121)).reason()).isEqualTo(Reason.CLOCK_OUT_OF_WINDOW);
  }

  @Test
  void aCodeDatedAhead_isBoundByTheClockSkew_whenTheSkewIsTighterThanTheWindow() {
    AcceptancePolicy tight = new AcceptancePolicy(Duration.ofSeconds(30), Duration.ofHours(12));
    Verdict<AcceptedPayment> ahead = PaymentRules.check(Presentation.oneScan(CODE), F.bundle, Flight.TERMINAL_ID,
        CredentialHistory.empty(), CODE_TIME.minusSeconds(31), tight);
    assertThat(ahead.reason()).isEqualTo(Reason.CLOCK_OUT_OF_WINDOW);
  }

  @Test
  void theWindowComesFromTheBundle() {
    TrustBundle fiveMinutes = F.bundle(OneScanPolicy.of(Duration.ofMinutes(5)));
    assertThat(scanAt(CODE, fiveMinutes, CODE_TIME.plusSeconds(300)).isAccepted()).isTrue();
    assertThat(scanAt(CODE, fiveMinutes, CODE_TIME.plusSeconds(301)).reason()).isEqualTo(Reason.ONE_SCAN_CODE_STALE);
    TrustBundle thirtySeconds = F.bundle(OneScanPolicy.of(Duration.ofSeconds(30)));
    assertThat(scanAt(CODE, thirtySeconds, CODE_TIME.plusSeconds(31)).reason()).isEqualTo(Reason.ONE_SCAN_CODE_STALE);
  }

  @Test
  void handshakes_keepTheClockSkew_andDoNotGoStaleAfterTheOneScanWindow() {
    PaymentRequest request = F.request(AMOUNT);
    Verdict<AcceptedPayment> later = PaymentRules.check(
        Presentation.handshake(F.handshake(request, 1, AMOUNT), request), F.bundle, Flight.TERMINAL_ID,
        CredentialHistory.empty(), CODE_TIME.plusSeconds(600), AcceptancePolicy.DEFAULT);
    assertThat(later.isAccepted()).as(later.toString()).isTrue();
  }

  @Test
  void aCodeAboveTheBundlesLargestOneScanAmount_isRefused_atTheAmountItselfAccepted() {
    TrustBundle capped = F.bundle(OneScanPolicy.of(OneScanPolicy.DEFAULT_WINDOW, Money.of(AMOUNT, CNY)));
    assertThat(scanAt(CODE, capped, Flight.NOW).isAccepted()).isTrue();
    Verdict<AcceptedPayment> over = scanAt(F.oneScan(AMOUNT + 1, 1, AMOUNT + 1, false), capped, Flight.NOW);
    assertThat(over.reason()).isEqualTo(Reason.ONE_SCAN_OVER_MAX);
  }

  @Test
  void theLargestOneScanAmount_appliesToCapCodes_andToForeignCurrencyConverted() {
    TrustBundle capped = F.bundle(OneScanPolicy.of(OneScanPolicy.DEFAULT_WINDOW, Money.of(7_000, CNY)));
    PaymentAuthorization cap = F.oneScan(AuthorizationKind.ONE_SCAN_CAP, Optional.empty(), 7_001, Optional.empty(),
        1, 7_001);
    assertThat(PaymentRules.check(Presentation.cap(cap, Money.of(100, CNY)), capped, Flight.TERMINAL_ID,
        CredentialHistory.empty(), Flight.NOW, AcceptancePolicy.DEFAULT).reason()).isEqualTo(Reason.ONE_SCAN_OVER_MAX);
    // 10.00 EUR is 78.00 CNY at the bundle's rate: above a 70.00 CNY cap.
    PaymentAuthorization euros = F.oneScan(AuthorizationKind.ONE_SCAN_EXACT, Optional.empty(), 1_000,
        Optional.of(EUR), 1, 7_800);
    assertThat(scanAt(euros, capped, Flight.NOW).reason()).isEqualTo(Reason.ONE_SCAN_OVER_MAX);
  }

  @Test
  void theLargestOneScanAmount_leavesHandshakesAlone() {
    TrustBundle capped = F.bundle(OneScanPolicy.of(OneScanPolicy.DEFAULT_WINDOW, Money.of(100, CNY)));
    PaymentRequest request = F.request(AMOUNT);
    assertThat(PaymentRules.check(Presentation.handshake(F.handshake(request, 1, AMOUNT), request), capped,
        Flight.TERMINAL_ID, CredentialHistory.empty(), Flight.NOW, AcceptancePolicy.DEFAULT).isAccepted()).isTrue();
  }

  @Test
  void theWalletRefusesToMakeAOneScanCodeAboveTheLargestAmount() {
    TrustBundle capped = F.bundle(OneScanPolicy.of(OneScanPolicy.DEFAULT_WINDOW, Money.of(AMOUNT, CNY)));
    assertThat(SpendRules.checkSpend(F.credential, capped, Money.of(AMOUNT, CNY), 0, Flight.NOW).isAccepted()).isTrue();
    assertThat(SpendRules.checkSpend(F.credential, capped, Money.of(AMOUNT + 1, CNY), 0, Flight.NOW).reason())
        .isEqualTo(Reason.ONE_SCAN_OVER_MAX);
  }

  @Test
  void theOneScanPolicy_travelsSignedInTheBundle() throws DecodeException {
    OneScanPolicy policy = OneScanPolicy.of(Duration.ofSeconds(90), Money.of(20_000, CNY), Money.of(3_000, EUR));
    TrustBundle bundle = F.bundle(policy);
    TrustBundle decoded = TrustBundle.decode(bundle.encode());
    assertThat(decoded.oneScanPolicy()).isEqualTo(policy);
    assertThat(decoded.oneScanPolicy().maxAmount(EUR)).contains(Money.of(3_000, EUR));
    assertThat(bundle.withoutManifest(F.issuer).oneScanPolicy()).as("the wallet form keeps it").isEqualTo(policy);
    assertThat(F.bundle.oneScanPolicy()).isEqualTo(OneScanPolicy.DEFAULT);
    assertThat(TrustBundle.decode(F.bundle.encode()).oneScanPolicy().window()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aWindowOutOfBounds_isRefusedWhenMade_andBadValueWhenDecoded() {
    assertThatThrownBy(() -> OneScanPolicy.of(Duration.ofSeconds(9))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OneScanPolicy.of(Duration.ofSeconds(3601))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OneScanPolicy.of(Duration.ofMillis(60_500))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OneScanPolicy.of(OneScanPolicy.DEFAULT_WINDOW, Money.of(1, CNY), Money.of(2, CNY)))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] encoded = F.bundle(OneScanPolicy.of(Duration.ofSeconds(10))).encode();
    // The window is the u16 right after the FX list; behind it come the empty max-amounts count, the
    // empty catalogue's count and the 64 signature bytes.
    int window = encoded.length - 64 - 1 - 1 - 2;
    assertThat(encoded[window] << 8 | encoded[window + 1]).isEqualTo(10);
    encoded[window + 1] = 9;
    assertThatThrownBy(() -> TrustBundle.decode(encoded)).isInstanceOfSatisfying(DecodeException.class,
        e -> assertThat(e.failure()).isEqualTo(DecodeFailure.BELOW_MINIMUM));
    encoded[window] = 3600 >> 8;
    encoded[window + 1] = (byte) (3600 + 1);
    assertThatThrownBy(() -> TrustBundle.decode(encoded)).isInstanceOfSatisfying(DecodeException.class,
        e -> assertThat(e.failure()).isEqualTo(DecodeFailure.OUT_OF_BOUNDS));
  }

  @Test
  void theIssuerClock_appliesTheMeasuredOffset_toTheDevicesOwnClock() {
    Instant deviceNow = Instant.parse("2026-11-28T07:55:00Z");
    IssuerClock clock = new IssuerClock(Clock.fixed(deviceNow, ZoneOffset.UTC), Duration.ZERO);
    assertThat(clock.instant()).isEqualTo(deviceNow);
    // The issuer's Date header says 08:00:05 while this device reads 07:55:00: the device is 305 s slow.
    Instant issuerTime = IssuerClock.parseHttpDate("Sat, 28 Nov 2026 08:00:05 GMT").orElseThrow();
    assertThat(clock.recordIssuerTime(issuerTime)).isEqualTo(Duration.ofSeconds(305));
    assertThat(clock.instant()).isEqualTo(CODE_TIME);
    // A code this slow device dates by its corrected clock is fresh at a terminal on the issuer's time.
    assertThat(scanAt(F.oneScan(AMOUNT, 1, AMOUNT, false), F.bundle, clock.instant().plusSeconds(60)).isAccepted())
        .isTrue();
  }

  @Test
  void theIssuerClock_ignoresAnAbsurdOffset_andReadsOnlyRealDates() {
    IssuerClock clock = new IssuerClock(Clock.fixed(CODE_TIME, ZoneOffset.UTC), Duration.ofSeconds(3));
    clock.recordIssuerTime(Instant.EPOCH.minus(Duration.ofDays(365L * 200)));
    assertThat(clock.offset()).isEqualTo(Duration.ofSeconds(3));
    assertThat(IssuerClock.parseHttpDate("yesterday")).isEmpty();
    assertThat(IssuerClock.parseHttpDate(null)).isEmpty();
    assertThat(IssuerClock.httpDate(Instant.parse("2026-12-06T08:00:00Z"))).isEqualTo("Sun, 06 Dec 2026 08:00:00 GMT");
    assertThat(IssuerClock.parseHttpDate("Sun, 06 Dec 2026 08:00:00 GMT")).contains(Instant.parse("2026-12-06T08:00:00Z"));
    assertThat(List.of(clock.getZone())).containsExactly(ZoneOffset.UTC);
  }
}
