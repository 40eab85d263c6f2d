package io.aloft.wallet.issuer;

import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.Money;
import java.util.Optional;

/**
 * The issuer's word on one payment.
 *
 * @param charged what was charged, in the payment currency, when settled (a cap code may be
 *     charged less than its cap)
 * @param detail a short sentence for the passenger's bill view
 */
public record PaymentOutcome(PaymentId paymentId, Kind kind, Optional<Money> charged, String detail) {
  /** The outcomes of settlement, as the issuer reports them. */
  public enum Kind {
    /** Not settled yet (for a one-scan code, the issuer may be waiting for the terminal's upload). */
    PENDING,
    /** Settled by this upload or an earlier one. */
    SETTLED,
    /** Already settled from another upload (the terminal's, or this wallet's before). */
    DUPLICATE,
    /** Another, different payment has the same counter: a double spend case for an operator. */
    CONFLICT,
    /** Will not be charged: refused by the rules, or never accepted by a terminal. */
    REJECTED
  }

  public PaymentOutcome {
    if (paymentId == null || kind == null || charged == null || detail == null) {
      throw new IllegalArgumentException("outcome fields must not be null");
    }
  }
}
