package io.aloft.wallet.pay;

import io.aloft.protocol.message.PaymentId;
import io.aloft.wallet.bills.Bill;

/**
 * An authorization that has been committed and may now be shown: the QR text and its bill.
 * By the time one exists, its counter and cumulative spend are durable in the wallet's store.
 */
public record IssuedCode(String qrText, Bill bill) {
  public IssuedCode {
    if (qrText == null || bill == null) {
      throw new IllegalArgumentException("qrText and bill must not be null");
    }
  }

  public PaymentId paymentId() {
    return bill.paymentId();
  }

  public boolean isSelfContained() {
    return bill.authorization().isSelfContained();
  }
}
