package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.SeenPayment;

/**
 * A payment as settled: one acceptance of an authorization by one terminal. What identifies its
 * content, who accepted it under which bundle, what it charged, who funds the merchant for it,
 * and what has been refunded of it.
 *
 * @param charged the merchant's charge, in the payment currency
 * @param payerCharged the same in the credential's currency (what the payer pays when {@code payerFunded})
 * @param feeMinor the provider's fee on {@code charged}, in the payment currency
 * @param payerFunded true when the payer is charged for this acceptance; false when the provider's
 *     guarantee account pays its merchant (a further acceptance of an authorization the payer is
 *     charged for once)
 */
public record SettledPayment(PaymentId id, Bytes contentDigest, long terminalId, long airlineId, long flightId,
    long accountId, long bundleVersion, long cumulativeMinor, long signedChargeMinor, Money charged,
    Money payerCharged, long feeMinor, long refundedMinor, long payerRefundedMinor, Bytes receipt,
    boolean payerFunded) {

  public SeenPayment asSeen() {
    return new SeenPayment(id.counter(), cumulativeMinor, signedChargeMinor);
  }

  /** The wire name of who funds the merchant: {@code payer} or {@code guarantee}. */
  public String fundedBy() {
    return payerFunded ? "payer" : "guarantee";
  }

  public SettledPayment withRefund(long refundMinor, long payerRefundMinor) {
    return new SettledPayment(id, contentDigest, terminalId, airlineId, flightId, accountId, bundleVersion,
        cumulativeMinor, signedChargeMinor, charged, payerCharged, feeMinor, Math.addExact(refundedMinor, refundMinor),
        Math.addExact(payerRefundedMinor, payerRefundMinor), receipt, payerFunded);
  }

  /** The same payment charged as {@code receipt} says: a lower receipt the same terminal signed for it. */
  public SettledPayment withCharge(Money newCharged, Money newPayerCharged, long newFeeMinor, Bytes newReceipt) {
    if (!newCharged.currency().equals(charged.currency()) || !newPayerCharged.currency().equals(payerCharged.currency())) {
      throw new IllegalArgumentException("a corrected charge keeps its currencies: " + newCharged + ", " + newPayerCharged);
    }
    return new SettledPayment(id, contentDigest, terminalId, airlineId, flightId, accountId, bundleVersion,
        cumulativeMinor, signedChargeMinor, newCharged, newPayerCharged, newFeeMinor, refundedMinor,
        payerRefundedMinor, newReceipt, payerFunded);
  }

  /** The same acceptance funded by the payer ({@code true}) or by the guarantee account. */
  public SettledPayment withPayerFunded(boolean funded) {
    return new SettledPayment(id, contentDigest, terminalId, airlineId, flightId, accountId, bundleVersion,
        cumulativeMinor, signedChargeMinor, charged, payerCharged, feeMinor, refundedMinor, payerRefundedMinor,
        receipt, funded);
  }
}
