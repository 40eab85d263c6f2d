package io.aloft.wallet.bills;

/** Where a bill stands. Only PENDING bills are uploaded and count as pending in the status. */
public enum BillState {
  /** Signed and shown; not yet settled by the issuer. */
  PENDING,
  /** The issuer took the money (once, however many times it was uploaded). */
  SETTLED,
  /** Refunded in full by the terminal's refund notes. */
  REFUNDED,
  /** The issuer found a conflict (another payment with the same counter); an operator decides. */
  DISPUTED,
  /** The issuer will not charge it (the terminal never accepted it, or the rules refused it). */
  REJECTED;

  public boolean isFinal() {
    return this == REFUNDED || this == REJECTED;
  }
}
