package io.aloft.server.ledger;

import io.aloft.protocol.money.CurrencyUnit;
import java.util.Optional;

/** The entries that move a passenger's own money: opening balances and top-ups. Pure. */
public final class Entries {
  private Entries() {}

  /**
   * Money coming in from outside: the provider's funding account is debited; the credit pays the
   * passenger's arrears first ({@code credit}'s split), the rest becomes their funds.
   */
  public static Entry topUp(EntryKind kind, long accountId, CurrencyUnit currency, PayerFunds.Credit credit) {
    return new Entry.Builder()
        .debit(AccountKey.provider(AccountKind.FUNDING, currency),
            Math.addExact(credit.collectedMinor(), credit.toBalanceMinor()))
        .credit(AccountKey.payerArrears(accountId, currency), credit.collectedMinor())
        .credit(AccountKey.payer(accountId, currency), credit.toBalanceMinor())
        .build(kind, accountId, Optional.empty(), 0);
  }
}
