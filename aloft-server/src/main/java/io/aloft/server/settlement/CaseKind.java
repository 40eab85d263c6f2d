package io.aloft.server.settlement;

import java.util.Locale;

/** Why settlement opened a case for an operator. */
public enum CaseKind {
  /** Two different payments with one (credential, counter): a cloned or tampered wallet. Revokes. */
  DOUBLE_SPEND,
  /** One code accepted by a second terminal (a screenshot shown at two carts): paid once, reported. */
  REPLAY,
  /** Cumulative spend that does not add up across terminals, though each terminal's view did. Revokes. */
  CUMULATIVE_INCONSISTENT,
  /** Settled spend above the credential's total limit, which no single terminal could see. Revokes. */
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
