package io.aloft.server.settlement;

import java.util.Locale;

/** Why settlement opened a case for an operator. */
public enum CaseKind {
  /**
   * A double spend, one case per credential: two different payments with one (credential, counter)
   * (a cloned wallet, or a passenger signing twice with their own key), cumulative spend that does
   * not add up across terminals, or settled spend above the total limit. Every merchant is paid;
   * the account is suspended and its credentials revoked.
   */
  DOUBLE_SPEND,
  /**
   * One authorization accepted by more than one terminal (a screenshot shown at two carts), one
   * case per payment id: each merchant is paid, the payer once, the rest from the guarantee.
   */
  REPLAY,
  /** A kind only older case rows carry (settlement opens one double-spend case per credential); read, never opened. */
  CUMULATIVE_INCONSISTENT,
  /** As {@link #CUMULATIVE_INCONSISTENT}: only older case rows carry it; read, never opened. */
  OVER_TOTAL_LIMIT,
  /** Two different refund notes with one sequence number for one payment. */
  REFUND_CONFLICT,
  /**
   * One terminal signed two receipts with different charges for one payment (a cap code): the
   * lower one is charged. The payer did nothing wrong, so the credential stays valid.
   */
  RECEIPT_CONFLICT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean revokesCredential() {
    return this == DOUBLE_SPEND || this == CUMULATIVE_INCONSISTENT || this == OVER_TOTAL_LIMIT;
  }
}
