package io.aloft.wallet.bills;

import static io.aloft.wallet.fixture.Refusals.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.money.Money;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.fixture.WalletFixture;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.IssuedCode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BillNotesTest {
  @TempDir Path dir;

  @Test
  void receiptForACapCode_isKept_andTellsWhatWasCharged() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      IssuedCode code = f.wallet.payUpTo(Money.of(5_000, "CNY"), CodeForm.COMPACT).value();
      Receipt receipt = f.issuer.receipt(WalletFixture.decode(code), Money.of(3_200, "CNY"));
      Bill bill = f.wallet.scanReceipt(receipt.toQrText()).value();
      assertThat(bill.charged()).contains(Money.of(3_200, "CNY"));
      f.reopen();
      assertThat(f.wallet.bill(code.paymentId()).orElseThrow().receipt()).contains(receipt);
      assertThat(f.wallet.scanReceipt(receipt.toQrText()).value()).as("scanning twice changes nothing").isEqualTo(bill);
    }
  }

  @Test
  void receiptForAnotherAuthorization_isRefused() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      IssuedCode first = f.wallet.payAmount(Money.of(100, "CNY"), CodeForm.COMPACT).value();
      IssuedCode second = f.wallet.payAmount(Money.of(200, "CNY"), CodeForm.COMPACT).value();
      Receipt forSecond = f.issuer.receipt(WalletFixture.decode(second), Money.of(200, "CNY"));
      Receipt misdirected = new Receipt(first.paymentId(), forSecond.terminalId(), forSecond.charged(),
          forSecond.authorizationDigest(), forSecond.acceptedAt(), 1, io.aloft.protocol.Bytes.empty())
          .signedBy(f.issuer.terminalKey);
      assertRefused(() -> f.wallet.scanReceipt(misdirected.toQrText()), RefusalReason.NOT_FOR_THIS_PAYMENT);
    }
  }

  @Test
  void refundsOfAHandshake_addUp_andAWholeRefundMarksTheBillRefunded() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ED25519)) {
      IssuedCode code = f.wallet.confirm(f.wallet.readRequest(f.issuer.request(Money.of(3_000, "CNY")).toQrText()).value()).value();
      Bill partly = f.wallet.scanRefund(f.issuer.refund(code.paymentId(), 1, Money.of(1_000, "CNY")).toQrText()).value();
      assertThat(partly.state()).isEqualTo(BillState.PENDING);
      assertRefused(() -> f.wallet.scanRefund(f.issuer.refund(code.paymentId(), 2, Money.of(2_001, "CNY")).toQrText()),
          RefusalReason.OVER_REFUNDABLE);
      Bill whole = f.wallet.scanRefund(f.issuer.refund(code.paymentId(), 2, Money.of(2_000, "CNY")).toQrText()).value();
      assertThat(whole.state()).isEqualTo(BillState.REFUNDED);
      assertThat(whole.refunded()).isEqualTo(Money.of(3_000, "CNY"));
      f.reopen();
      assertThat(f.wallet.bill(code.paymentId()).orElseThrow()).isEqualTo(whole);
    }
  }

  @Test
  void refundOfAOneScanCode_needsItsReceiptFirst() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      IssuedCode code = f.wallet.payAmount(Money.of(800, "CNY"), CodeForm.COMPACT).value();
      String refund = f.issuer.refund(code.paymentId(), 1, Money.of(800, "CNY")).toQrText();
      assertRefused(() -> f.wallet.scanRefund(refund), RefusalReason.RECEIPT_NEEDED);
      f.wallet.scanReceipt(f.issuer.receipt(WalletFixture.decode(code), Money.of(800, "CNY")).toQrText()).value();
      assertThat(f.wallet.scanRefund(refund).value().state()).isEqualTo(BillState.REFUNDED);
    }
  }

  @Test
  void noteForAPaymentNotInTheBills_isRefused() throws Exception {
    try (var f = WalletFixture.enrolled(dir, SignatureAlgorithm.ECDSA_P256)) {
      IssuedCode code = f.wallet.payAmount(Money.of(800, "CNY"), CodeForm.COMPACT).value();
      var elsewhere = new io.aloft.protocol.message.PaymentId(code.paymentId().serial(), 99);
      assertRefused(() -> f.wallet.scanRefund(f.issuer.refund(elsewhere, 1, Money.of(1, "CNY")).toQrText()),
          RefusalReason.UNKNOWN_PAYMENT);
      assertRefused(() -> f.wallet.scanReceipt("AL1NOTBASE45"), RefusalReason.UNREADABLE);
    }
  }
}
