package io.aloft.wallet.pay;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.AcceptedPayment;
import io.aloft.protocol.rules.Verdict;
import io.aloft.wallet.fixture.FakeIssuer;
import io.aloft.wallet.fixture.Refusals;
import io.aloft.wallet.fixture.WalletFixture;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.bills.BillState;
import io.aloft.wallet.status.OfflineStatus;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class HandshakeTest {
  @TempDir Path dir;

  @ParameterizedTest
  @EnumSource(SignatureAlgorithm.class)
  void scannedRequest_isShownWithMerchantAndItems_andItsAuthorizationIsAcceptedByTheTerminal(
      SignatureAlgorithm algorithm) throws Exception {
    try (var f = WalletFixture.enrolled(dir, algorithm)) {
      List<LineItem> items = List.of(new LineItem("Green tea", 2, 1_500), new LineItem("Noodles", 1, 3_800));
      PaymentRequest request = f.issuer.request(FakeIssuer.TERMINAL, f.issuer.terminalKey,
          Money.of(6_800, "CNY"), items, f.issuer.bundleVersion);

      HandshakeOffer offer = f.wallet.readRequest(request.toQrText()).value();
      assertThat(offer.merchantName()).isEqualTo("Spring Airlines cart 7");
      assertThat(offer.amount()).isEqualTo(Money.of(6_800, "CNY"));
      assertThat(offer.lineItems()).isEqualTo(items);
      assertThat(offer.remainingAfter()).isEqualTo(Money.of(500_000 - 6_800, "CNY"));

      IssuedCode code = f.wallet.confirm(offer).value();
      Verdict<AcceptedPayment> verdict = f.terminalAccepts(code, request);
      assertThat(verdict.isAccepted()).as(verdict.toString()).isTrue();
      assertThat(verdict.value().charged()).isEqualTo(Money.of(6_800, "CNY"));
      assertThat(code.isSelfContained()).as("terminal holds a bundle listing us").isFalse();
      assertThat(code.paymentId().counter()).isEqualTo(1);

      assertThat(f.wallet.bill(code.paymentId()).orElseThrow().state()).isEqualTo(BillState.PENDING);
      assertThat(f.wallet.bill(code.paymentId()).orElseThrow().merchantName()).contains("Spring Airlines cart 7");
      OfflineStatus status = f.wallet.offlineStatus();
      assertThat(status.remainingAllowance()).contains(Money.of(500_000 - 6_800, "CNY"));
      assertThat(status.pendingCount()).isEqualTo(1);
      assertThat(status.pendingTotal(FakeIssuer.CNY)).isEqualTo(Money.of(6_800, "CNY"));
    }
  }

  @Test
  void terminalHoldingAnOlderBundle_getsASelfContainedAuthorizationItCanCheck() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      long olderVersion = f.issuer.bundleVersion - 1;
      PaymentRequest request = f.issuer.request(FakeIssuer.TERMINAL, f.issuer.terminalKey,
          Money.of(900, "CNY"), List.of(), olderVersion);
      IssuedCode code = f.wallet.confirm(f.wallet.readRequest(request.toQrText()).value()).value();
      assertThat(code.isSelfContained()).isTrue();
      var verdict = f.terminalAccepts(code, request, f.issuer.bundle(FakeIssuer.FLIGHT, olderVersion));
      assertThat(verdict.isAccepted()).as(verdict.toString()).isTrue();
    }
  }

  @Test
  void requestInEuros_isConvertedAtTheBundlesRate_andCountedInYuan() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      PaymentRequest request = f.issuer.request(Money.of(1_000, "EUR"));
      HandshakeOffer offer = f.wallet.readRequest(request.toQrText()).value();
      assertThat(offer.signedCharge()).isEqualTo(Money.of(7_800, "CNY"));
      IssuedCode code = f.wallet.confirm(offer).value();
      assertThat(f.terminalAccepts(code, request).isAccepted()).isTrue();
      assertThat(f.wallet.offlineStatus().allowance().orElseThrow().spent()).isEqualTo(Money.of(7_800, "CNY"));
    }
  }

  @Test
  void unknownTerminal_isRefused() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      PaymentRequest request = f.issuer.request(99, FakeIssuer.signer(9), Money.of(100, "CNY"),
          List.of(), f.issuer.bundleVersion);
      assertRefused(f, request, RefusalReason.UNKNOWN_TERMINAL);
    }
  }

  @Test
  void revokedTerminal_isRefused() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      PaymentRequest request = f.issuer.request(FakeIssuer.REVOKED_TERMINAL, f.issuer.revokedTerminalKey,
          Money.of(100, "CNY"), List.of(), f.issuer.bundleVersion);
      assertRefused(f, request, RefusalReason.TERMINAL_WITHDRAWN);
    }
  }

  @Test
  void requestSignedByAnotherKey_isRefusedAsNotGenuine() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      PaymentRequest forged = f.issuer.request(FakeIssuer.TERMINAL, FakeIssuer.signer(9),
          Money.of(100, "CNY"), List.of(), f.issuer.bundleVersion);
      assertRefused(f, forged, RefusalReason.NOT_GENUINE);
    }
  }

  @Test
  void currencyWithoutAnFxRate_isRefused() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      assertRefused(f, f.issuer.request(Money.of(100, "USD")), RefusalReason.CURRENCY_NOT_COVERED);
    }
  }

  @Test
  void amountBeyondTheRemainingAllowance_isRefused_andNothingIsSigned() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      f.wallet.confirm(f.wallet.readRequest(f.issuer.request(Money.of(200_000, "CNY")).toQrText()).value()).value();
      f.wallet.confirm(f.wallet.readRequest(f.issuer.request(Money.of(200_000, "CNY")).toQrText()).value()).value();
      assertRefused(f, f.issuer.request(Money.of(100_001, "CNY")), RefusalReason.BEYOND_ALLOWANCE);
      assertThat(f.wallet.bills(10)).hasSize(2);
    }
  }

  @Test
  void amountAboveThePerPaymentLimit_isRefused() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      assertRefused(f, f.issuer.request(Money.of(200_001, "CNY")), RefusalReason.OVER_PAYMENT_LIMIT);
    }
  }

  @Test
  void expiredCredential_isRefused() throws Exception {
    try (var f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      f.issuer.credentialHours = 2;
      f.wallet.enrol(FakeIssuer.FLIGHT).value();
      f.clock.advance(java.time.Duration.ofHours(3));
      PaymentRequest request = f.issuer.request(FakeIssuer.TERMINAL, f.issuer.terminalKey, Money.of(100, "CNY"),
          List.of(), f.issuer.bundleVersion, f.clock.instant());
      assertRefused(f, request, RefusalReason.CREDENTIAL_EXPIRED);
    }
  }

  @Test
  void requestConfirmedTwice_isPaidOnce() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      PaymentRequest request = f.issuer.request(Money.of(500, "CNY"));
      HandshakeOffer offer = f.wallet.readRequest(request.toQrText()).value();
      f.wallet.confirm(offer).value();
      Refusals.assertRefused(() -> f.wallet.confirm(offer), RefusalReason.ALREADY_PAID);
      assertThat(f.wallet.offlineStatus().pendingCount()).isEqualTo(1);
    }
  }

  @Test
  void offerReadBeforeAnotherPayment_isCheckedAgainOnConfirm() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      f.wallet.confirm(f.wallet.readRequest(f.issuer.request(Money.of(200_000, "CNY")).toQrText()).value()).value();
      HandshakeOffer first = f.wallet.readRequest(f.issuer.request(Money.of(200_000, "CNY")).toQrText()).value();
      HandshakeOffer second = f.wallet.readRequest(f.issuer.request(Money.of(200_000, "CNY")).toQrText()).value();
      f.wallet.confirm(first).value();
      Refusals.assertRefused(() -> f.wallet.confirm(second), RefusalReason.BEYOND_ALLOWANCE);
    }
  }

  @Test
  void textThatIsNotARequest_isRefusedAsUnreadableOrNotARequest() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      Refusals.assertRefused(() -> f.wallet.readRequest("hello"), RefusalReason.UNREADABLE);
      String credentialQr = f.wallet.enrolment().orElseThrow().credential().toQrText();
      Refusals.assertRefused(() -> f.wallet.readRequest(credentialQr), RefusalReason.NOT_A_PAYMENT_REQUEST);
    }
  }

  @Test
  void walletThatNeverEnrolled_refusesAsNotEnrolled() throws Exception {
    try (var f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256)) {
      assertRefused(f, f.issuer.request(Money.of(100, "CNY")), RefusalReason.NOT_ENROLLED);
    }
  }

  private static void assertRefused(WalletFixture f, PaymentRequest request, RefusalReason... reasons) {
    Verdict<?> verdict = f.wallet.readRequest(request.toQrText());
    assertThat(verdict.isAccepted()).as("refused: " + verdict).isFalse();
    assertThat(RefusalReason.of(verdict)).as(verdict.detail()).isIn((Object[]) reasons);
    assertThat(f.wallet.bills(10).stream().map(b -> b.authorization()).map(PaymentAuthorization::amountMinor)
        .filter(a -> a == request.amount().amountMinor())).as("nothing signed for the refused request").isEmpty();
  }
}
