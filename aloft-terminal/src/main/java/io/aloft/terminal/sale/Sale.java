package io.aloft.terminal.sale;

import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.money.Money;

/**
 * A payment the terminal accepted. It exists only once the payment is committed to the
 * journal: showing "paid" on the strength of a Sale is safe.
 *
 * @param receiptQrText the signed receipt as QR text, for the passenger to scan and keep
 */
public record Sale(PaymentId paymentId, Money charged, long journalSequence, Receipt receipt, String receiptQrText) {}
