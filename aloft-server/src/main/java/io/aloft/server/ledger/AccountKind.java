package io.aloft.server.ledger;

import java.util.Locale;

/**
 * The kinds of ledger account. Every balance and posting is debit positive, credit negative, so
 * liabilities (what the provider owes) are negative and assets (what it holds or is owed) positive.
 */
public enum AccountKind {
  /** A passenger's funds held by the provider (liability): minus the account's balance. */
  PAYER,
  /** What a passenger owes from payments their funds did not cover (receivable): plus their arrears. */
  PAYER_ARREARS,
  /** What the provider owes an airline for settled sales, net of fees and refunds (liability). */
  MERCHANT,
  /** The provider's fee income (credit). */
  FEE_INCOME,
  /**
   * What the provider carries itself (debit): arrears it wrote off, and what it paid merchants for
   * acceptances the payer is not charged for (one authorization accepted by several terminals),
   * less what resolved cases charged payers back for, plus what they credited payers.
   */
  GUARANTEE,
  /** The provider's position per currency from converting payer charges to merchant currencies. */
  FX_POSITION,
  /** Money that came in from outside (bank transfers behind top-ups): the provider's cash (asset). */
  FUNDING;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AccountKind fromWireName(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /** Whether the account belongs to an owner (an account or airline id) rather than the provider. */
  public boolean hasOwner() {
    return this == PAYER || this == PAYER_ARREARS || this == MERCHANT;
  }
}
