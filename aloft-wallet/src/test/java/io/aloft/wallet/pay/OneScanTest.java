package io.aloft.wallet.pay;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.fixture.FakeIssuer;
import io.aloft.wallet.fixture.WalletFixture;
import static io.aloft.wallet.fixture.Refusals.assertRefused;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class OneScanTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void exactAmountCode_inBothForms_isAcceptedByTheTerminal(SignatureAlgorithm algorithm) throws Exception {
    try (var f = WalletFixture.enrolled(dir, algorithm)) {
      IssuedCode compact = f.wallet.payAmount(Money.of(2_500, "CNY"), CodeForm.COMPACT).value();
      IssuedCode full = f.wallet.payAmount(Money.of(1_000, "CNY"), CodeForm.SELF_CONTAINED).value();

      assertThat(compact.isSelfContained()).isFalse();
      assertThat(full.isSelfContained()).isTrue();
      var first = f.terminalAccepts(compact, Optional.empty(), f.terminalBundle());
      var second = f.terminalAccepts(full, Optional.empty(), f.terminalBundle());
      assertThat(first.isAccepted()).as(first.toString()).isTrue();
      assertThat(second.isAccepted()).as(second.toString()).isTrue();
      PaymentAuthorization signed = WalletFixture.decode(full);
      assertThat(signed.kind()).isEqualTo(AuthorizationKind.ONE_SCAN_EXACT);
      assertThat(signed.counter()).isEqualTo(2);
      assertThat(signed.cumulativeMinor()).isEqualTo(3_500);
    }
  }

  @Test
  void selfContainedCode_isAcceptedByATerminalWhoseBundleDoesNotListThePayer() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      var olderBundle = f.issuer.bundle(FakeIssuer.FLIGHT, f.issuer.bundleVersion - 1);
      IssuedCode code = f.wallet.payAmount(Money.of(700, "CNY"), CodeForm.AUTO).value();
      assertThat(code.isSelfContained()).as("no terminal seen yet: AUTO cannot know").isTrue();
      assertThat(f.terminalAccepts(code, Optional.empty(), olderBundle).isAccepted()).isTrue();

      IssuedCode compact = f.wallet.payAmount(Money.of(700, "CNY"), CodeForm.COMPACT).value();
      assertThat(f.terminalAccepts(compact, Optional.empty(), olderBundle).reason())
          .isEqualTo(Reason.UNKNOWN_CREDENTIAL);
    }
  }

  @Test
  void autoForm_turnsCompactOnceATerminalShowedItHoldsTheBundle() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      f.wallet.readRequest(f.issuer.request(Money.of(100, "CNY")).toQrText()).value();
      assertThat(f.wallet.payAmount(Money.of(700, "CNY"), CodeForm.AUTO).value().isSelfContained()).isFalse();
    }
  }

  @Test
  void capCode_letsTheTerminalChargeLess_butCountsTheWholeCap() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      IssuedCode code = f.wallet.payUpTo(Money.of(5_000, "CNY"), CodeForm.COMPACT).value();
      var verdict = f.terminalAccepts(code, Optional.of(Money.of(3_200, "CNY")), f.terminalBundle());
      assertThat(verdict.isAccepted()).as(verdict.toString()).isTrue();
      assertThat(verdict.value().charged()).isEqualTo(Money.of(3_200, "CNY"));
      assertThat(WalletFixture.decode(code).kind()).isEqualTo(AuthorizationKind.ONE_SCAN_CAP);
      assertThat(f.wallet.offlineStatus().allowance().orElseThrow().spent()).isEqualTo(Money.of(5_000, "CNY"));
      assertThat(code.bill().charged()).as("unknown until the receipt").isEmpty();
    }
  }

  @Test
  void oneScanRefusals_sayWhyInThePassengersTerms() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      assertRefused(() -> f.wallet.payAmount(Money.of(100, "USD"), CodeForm.AUTO), RefusalReason.CURRENCY_NOT_COVERED);
      assertRefused(() -> f.wallet.payAmount(Money.of(200_001, "CNY"), CodeForm.AUTO),
          RefusalReason.OVER_PAYMENT_LIMIT);
      f.wallet.payAmount(Money.of(200_000, "CNY"), CodeForm.AUTO).value();
      f.wallet.payAmount(Money.of(200_000, "CNY"), CodeForm.AUTO).value();
      assertRefused(() -> f.wallet.payUpTo(Money.of(100_001, "CNY"), CodeForm.AUTO), RefusalReason.BEYOND_ALLOWANCE);
      f.clock.advance(Duration.ofHours(30));
      assertRefused(() -> f.wallet.payAmount(Money.of(1, "CNY"), CodeForm.AUTO), RefusalReason.CREDENTIAL_EXPIRED);
      assertThat(f.wallet.bills(100)).hasSize(2);
    }
  }

  @Test
  void countersKeepGrowingAcrossReopen() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ED25519)) {
      f.wallet.payAmount(Money.of(100, "CNY"), CodeForm.AUTO).value();
      f.reopen();
      IssuedCode after = f.wallet.payAmount(Money.of(100, "CNY"), CodeForm.AUTO).value();
      assertThat(after.paymentId().counter()).isEqualTo(2);
      assertThat(f.wallet.bills(10)).extracting(b -> b.paymentId().counter()).containsExactlyInAnyOrder(1L, 2L);
    }
  }
}
