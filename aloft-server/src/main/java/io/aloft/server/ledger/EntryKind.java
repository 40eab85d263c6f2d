package io.aloft.server.ledger;

import java.util.Locale;

/** Why an entry was posted. */
public enum EntryKind {
  PAYMENT, REFUND, TOP_UP, OPENING_BALANCE, WRITE_OFF;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
