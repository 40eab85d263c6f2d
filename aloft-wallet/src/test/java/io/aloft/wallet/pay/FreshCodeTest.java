package io.aloft.wallet.pay;

import static io.aloft.wallet.fixture.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import io.aloft.testkit.MutableClock;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.fixture.FakeIssuer;
import io.aloft.wallet.fixture.WalletFixture;
import io.aloft.wallet.store.SpendState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wallet shows fresh one-scan codes, dated on the issuer's clock, and leaves big amounts to the handshake. */
class FreshCodeTest {
  @TempDir Path dir;

  @Test
  void aRefreshWithinTheWindow_showsTheSameCode_andAfterItTheSamePaymentSignedNow() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      IssuedCode first = f.wallet.payAmount(Money.of(2_500, "CNY"), CodeForm.COMPACT).value();
      SpendState spent = f.store.spendState(first.paymentId().serial());

      f.clock.advance(Duration.ofSeconds(120));
      assertThat(f.wallet.refreshCode(first.paymentId()).value().qrText()).isEqualTo(first.qrText());

      f.clock.advance(Duration.ofSeconds(1));
      assertThat(f.terminalAccepts(first, Optional.empty(), f.terminalBundle()).reason())
          .as("the old code is stale at the terminal").isEqualTo(Reason.ONE_SCAN_CODE_STALE);
      IssuedCode fresh = f.wallet.refreshCode(first.paymentId()).value();

      PaymentAuthorization before = WalletFixture.decode(first);
      PaymentAuthorization after = WalletFixture.decode(fresh);
      assertThat(fresh.qrText()).isNotEqualTo(first.qrText());
      assertThat(after.paymentId()).isEqualTo(before.paymentId());
      assertThat(after.cumulativeMinor()).isEqualTo(before.cumulativeMinor());
      assertThat(after.amountMinor()).isEqualTo(2_500);
      assertThat(after.time()).isEqualTo(before.time().plusSeconds(121));
      assertThat(f.store.spendState(first.paymentId().serial())).as("no counter, no allowance spent").isEqualTo(spent);
      assertThat(f.wallet.bill(first.paymentId()).orElseThrow().authorization()).isEqualTo(after);
      assertThat(f.terminalAccepts(fresh, Optional.empty(), f.terminalBundle()).isAccepted()).isTrue();

      // The next payment follows on from the same counter and cumulative, as if no refresh happened.
      IssuedCode next = f.wallet.payAmount(Money.of(1_000, "CNY"), CodeForm.COMPACT).value();
      assertThat(WalletFixture.decode(next).counter()).isEqualTo(after.counter() + 1);
      assertThat(WalletFixture.decode(next).cumulativeMinor()).isEqualTo(3_500);
    }
  }

  @Test
  void aRefreshedCode_survivesAReopen_andACodeWithAReceiptIsNotRefreshed() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      IssuedCode first = f.wallet.payAmount(Money.of(2_500, "CNY"), CodeForm.SELF_CONTAINED).value();
      f.clock.advance(Duration.ofMinutes(5));
      IssuedCode fresh = f.wallet.refreshCode(first.paymentId()).value();
      assertThat(fresh.isSelfContained()).isTrue();
      f.reopen();
      assertThat(f.wallet.bill(first.paymentId()).orElseThrow().authorization())
          .isEqualTo(WalletFixture.decode(fresh));

      f.wallet.scanReceipt(f.issuer.receipt(WalletFixture.decode(fresh), Money.of(2_500, "CNY")).toQrText()).value();
      f.clock.advance(Duration.ofMinutes(5));
      assertRefused(() -> f.wallet.refreshCode(first.paymentId()), RefusalReason.ALREADY_PAID);
    }
  }

  @Test
  void theWindowIsTheFlightsBundles() throws Exception {
    try (var f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      f.issuer.oneScan = OneScanPolicy.of(Duration.ofSeconds(30));
      f.wallet.enrol(FakeIssuer.FLIGHT).value();
      IssuedCode first = f.wallet.payAmount(Money.of(500, "CNY"), CodeForm.COMPACT).value();
      f.clock.advance(Duration.ofSeconds(31));
      assertThat(f.wallet.refreshCode(first.paymentId()).value().qrText()).isNotEqualTo(first.qrText());
    }
  }

  @Test
  void theWalletRefusesToMakeAOneScanCodeAboveTheFlightsLargest_butPaysTheSameByHandshake() throws Exception {
    try (var f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      f.issuer.oneScan = OneScanPolicy.of(OneScanPolicy.DEFAULT_WINDOW, Money.of(5_000, "CNY"));
      f.wallet.enrol(FakeIssuer.FLIGHT).value();
      assertRefused(() -> f.wallet.payAmount(Money.of(5_001, "CNY"), CodeForm.COMPACT),
          RefusalReason.ONE_SCAN_TOO_LARGE);
      assertRefused(() -> f.wallet.payUpTo(Money.of(5_001, "CNY"), CodeForm.COMPACT),
          RefusalReason.ONE_SCAN_TOO_LARGE);
      assertThat(RefusalReason.ONE_SCAN_TOO_LARGE.message()).contains("payment request");
      assertThat(f.wallet.payAmount(Money.of(5_000, "CNY"), CodeForm.COMPACT).value()).isNotNull();

      var request = f.issuer.request(Money.of(5_001, "CNY"));
      IssuedCode handshake = f.wallet.confirm(f.wallet.readRequest(request.toQrText()).value()).value();
      assertThat(f.terminalAccepts(handshake, request).isAccepted()).isTrue();
    }
  }

  @Test
  void aWalletWhoseClockIsSlow_datesCodesOnTheIssuersClock_fromEnrolmentOn_andAfterAReopen() throws Exception {
    try (var f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      Instant issuerNow = f.clock.instant();
      f.issuer.clock = new MutableClock(issuerNow);
      f.clock.set(issuerNow.minus(Duration.ofMinutes(7)));
      f.wallet.enrol(FakeIssuer.FLIGHT).value();
      assertThat(f.wallet.issuerClockOffset()).isEqualTo(Duration.ofMinutes(7));

      f.reopen();
      IssuedCode code = f.wallet.payAmount(Money.of(500, "CNY"), CodeForm.COMPACT).value();
      assertThat(WalletFixture.decode(code).time()).isEqualTo(issuerNow);
      var atTerminal = io.aloft.protocol.rules.PaymentRules.check(
          io.aloft.protocol.rules.Presentation.oneScan(WalletFixture.decode(code)), f.terminalBundle(),
          FakeIssuer.TERMINAL, io.aloft.protocol.rules.CredentialHistory.empty(), issuerNow.plusSeconds(30),
          io.aloft.protocol.rules.AcceptancePolicy.DEFAULT);
      assertThat(atTerminal.isAccepted()).as("a terminal on the issuer's time: %s", atTerminal).isTrue();
    }
  }
}
