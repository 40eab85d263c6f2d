package io.aloft.server.ledger;

import java.util.Locale;

/** Why an entry was posted. */
public enum EntryKind {
  PAYMENT, REFUND, TOP_UP, OPENING_BALANCE,
  /** An operator moved a payer's arrears to the provider's guarantee account; the payer still owes it. */
  WRITE_OFF,
  /** A settled payment's charge lowered to a lower receipt its terminal also signed. */
  CORRECTION,
  /** Written-off debt paid later from a top-up, back out of the guarantee account. */
  RECOVERY,
  /**
   * An operator's resolution of a case moving money between a payer and the guarantee account:
   * the payer charged for what the guarantee paid, or credited from it (case_resolutions).
   */
  CASE_RESOLUTION,
  /** The operator paid an airline what it was owed: its merchant account down, the provider's funding down. */
  PAYOUT;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
