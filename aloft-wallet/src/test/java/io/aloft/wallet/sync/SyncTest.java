package io.aloft.wallet.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.bills.BillState;
import io.aloft.wallet.fixture.WalletFixture;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.issuer.PaymentOutcome;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.IssuedCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyncTest {
  @TempDir Path dir;

  @Test
  void outcomes_moveBillsToSettledDisputedAndRejected_andPendingTotalsFollow() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      List<IssuedCode> codes = List.of(pay(f, 100), pay(f, 200), pay(f, 300), pay(f, 400));
      f.issuer.outcomes.put(id(codes, 1), outcome(id(codes, 1), PaymentOutcome.Kind.DUPLICATE));
      f.issuer.outcomes.put(id(codes, 2), outcome(id(codes, 2), PaymentOutcome.Kind.CONFLICT));
      f.issuer.outcomes.put(id(codes, 3), outcome(id(codes, 3), PaymentOutcome.Kind.REJECTED));

      SyncReport report = f.wallet.sync();

      assertThat(report.uploaded()).isEqualTo(4);
      assertThat(report.updated()).isEqualTo(4);
      assertThat(report.complete()).isTrue();
      assertThat(states(f, codes)).containsExactly(
          BillState.SETTLED, BillState.SETTLED, BillState.DISPUTED, BillState.REJECTED);
      assertThat(f.wallet.offlineStatus().pendingCount()).isZero();
      assertThat(f.wallet.offlineStatus().pendingTotals()).isEmpty();
    }
  }

  @Test
  void aBillNoTerminalUploadedInTheWindow_staysPending_thenEndsRejectedWithItsReason_andStaysSo() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      IssuedCode forgotten = pay(f, 100);
      IssuedCode refusedByRules = pay(f, 200);
      f.issuer.outcomes.put(forgotten.paymentId(), new PaymentOutcome(forgotten.paymentId(),
          PaymentOutcome.Kind.PENDING, Optional.empty(), "Waiting for the merchant's upload."));
      f.wallet.sync();
      assertThat(f.wallet.bill(forgotten.paymentId()).orElseThrow().rejection()).as("pending").isEmpty();

      f.issuer.outcomes.put(forgotten.paymentId(), new PaymentOutcome(forgotten.paymentId(),
          PaymentOutcome.Kind.REJECTED, Optional.empty(), Reason.NO_MERCHANT_RECORD.message()));
      f.issuer.outcomes.put(refusedByRules.paymentId(), new PaymentOutcome(refusedByRules.paymentId(),
          PaymentOutcome.Kind.REJECTED, Optional.empty(), "refused for some other reason"));
      SyncReport closing = f.wallet.sync();
      f.issuer.outcomes.put(forgotten.paymentId(), new PaymentOutcome(forgotten.paymentId(),
          PaymentOutcome.Kind.SETTLED, Optional.of(Money.of(100, "CNY")), "settled"));
      SyncReport later = f.wallet.sync();

      Bill closed = f.wallet.bill(forgotten.paymentId()).orElseThrow();
      assertThat(closing.updated()).isEqualTo(1);
      assertThat(closed.state()).isEqualTo(BillState.REJECTED);
      assertThat(closed.rejection()).contains(Reason.NO_MERCHANT_RECORD);
      assertThat(closed.outcomeDetail()).contains("No terminal sent this payment to the provider within the"
          + " settlement window. It is not charged.");
      assertThat(closed.charged()).as("what it would have cost").contains(Money.of(100, "CNY"));
      assertThat(f.wallet.bill(refusedByRules.paymentId()).orElseThrow().rejection()).isEmpty();
      assertThat(later.uploaded()).as("a rejected bill is final and not uploaded again").isZero();
      assertThat(f.wallet.offlineStatus().pendingCount()).isZero();
    }
  }

  @Test
  void secondSync_uploadsNothingAndChangesNothing() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      pay(f, 100);
      f.wallet.sync();
      SyncReport again = f.wallet.sync();
      assertThat(again.uploaded()).isZero();
      assertThat(again.updated()).isZero();
      assertThat(f.issuer.uploads).hasSize(1);
    }
  }

  @Test
  void syncWhileOffline_failsAndLeavesBillsPending() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      IssuedCode code = pay(f, 100);
      f.issuer.offline = true;
      assertThatThrownBy(() -> f.wallet.sync()).isInstanceOf(IssuerException.class);
      assertThat(f.wallet.bill(code.paymentId()).orElseThrow().state()).isEqualTo(BillState.PENDING);
      f.issuer.offline = false;
      assertThat(f.wallet.sync().updated()).isEqualTo(1);
    }
  }

  @Test
  void manyBills_goUpInBoundedBatches() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ED25519)) {
      for (int i = 0; i < 230; i++) {
        f.wallet.payAmount(Money.of(1, "CNY"), CodeForm.COMPACT).value();
      }
      SyncReport report = f.wallet.sync();
      assertThat(report.uploaded()).isEqualTo(230);
      assertThat(f.issuer.uploads).hasSize(230);
      assertThat(f.wallet.offlineStatus().pendingCount()).isZero();
    }
  }

  private static IssuedCode pay(WalletFixture f, long amountMinor) throws Exception {
    return f.wallet.confirm(f.wallet.readRequest(f.issuer.request(Money.of(amountMinor, "CNY")).toQrText()).value()).value();
  }

  private static PaymentId id(List<IssuedCode> codes, int index) {
    return codes.get(index).paymentId();
  }

  private static PaymentOutcome outcome(PaymentId id, PaymentOutcome.Kind kind) {
    return new PaymentOutcome(id, kind, Optional.empty(), kind.name().toLowerCase());
  }

  private static List<BillState> states(WalletFixture f, List<IssuedCode> codes) {
    return codes.stream().map(c -> f.wallet.bill(c.paymentId()).orElseThrow().state()).toList();
  }
}
