package io.aloft.server.ledger;

import io.aloft.protocol.money.CurrencyUnit;

/** Names one ledger account: kind, owner (account or airline id; 0 for the provider's) and currency. */
public record AccountKey(AccountKind kind, long ownerId, CurrencyUnit currency) {
  public AccountKey {
    if (kind == null || currency == null) {
      throw new IllegalArgumentException("kind and currency must not be null");
    }
    if (kind.hasOwner() ? ownerId < 1 : ownerId != 0) {
      throw new IllegalArgumentException(kind + " accounts " + (kind.hasOwner() ? "need an owner" : "have owner 0")
          + ", got " + ownerId);
    }
  }

  public static AccountKey payer(long accountId, CurrencyUnit currency) {
    return new AccountKey(AccountKind.PAYER, accountId, currency);
  }

  public static AccountKey payerArrears(long accountId, CurrencyUnit currency) {
    return new AccountKey(AccountKind.PAYER_ARREARS, accountId, currency);
  }

  public static AccountKey merchant(long airlineId, CurrencyUnit currency) {
    return new AccountKey(AccountKind.MERCHANT, airlineId, currency);
  }

  public static AccountKey provider(AccountKind kind, CurrencyUnit currency) {
    return new AccountKey(kind, 0, currency);
  }
}
