package io.aloft.server.ledger;

import java.util.Locale;

/** Why an entry was posted. */
public enum EntryKind {
  PAYMENT, REFUND, TOP_UP, OPENING_BALANCE, WRITE_OFF,
  /** A settled payment's charge lowered to a lower receipt its terminal also signed. */
  CORRECTION;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
