package io.aloft.server.account;

import java.util.Locale;

/** Standing of an account. Only {@code ACTIVE} accounts may enrol for offline payment. */
public enum AccountStatus {
  ACTIVE,
  /** Set by an operator (fraud, complaint, closure request). */
  SUSPENDED,
  /** Owes money from offline payments that did not settle; settlement sets and clears it. */
  IN_ARREARS;

  /**
   * The status after money owed changed: falling into debt (arrears, or written-off debt still
   * owed) sets in_arrears, paying off everything owed clears it; any other status (an operator's
   * suspension) stays as it was. Settlement and top-ups both decide with this.
   */
  public AccountStatus afterDebt(boolean owedBefore, boolean owesAfter) {
    if (this == ACTIVE && !owedBefore && owesAfter) {
      return IN_ARREARS;
    }
    if (this == IN_ARREARS && owedBefore && !owesAfter) {
      return ACTIVE;
    }
    return this;
  }

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AccountStatus fromWireName(String name) {
    for (AccountStatus status : values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    throw new IllegalArgumentException("status must be one of active, suspended, in_arrears; got '" + name + "'");
  }
}
