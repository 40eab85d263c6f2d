package io.aloft.server.ledger;

import io.aloft.protocol.money.CurrencyUnit;
import java.util.Optional;

/**
 * The entries posted outside settlement: a passenger's opening balances, top-ups, write-offs,
 * recoveries and case resolutions, and payouts to airlines. Pure.
 */
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

  /**
   * Arrears the provider stops carrying as a receivable: its guarantee (loss) account is debited
   * and the payer's arrears credited. The debt itself stays on the account (written_off_minor).
   */
  public static Entry writeOff(long accountId, CurrencyUnit currency, long amountMinor) {
    return new Entry.Builder()
        .debit(AccountKey.provider(AccountKind.GUARANTEE, currency), amountMinor)
        .credit(AccountKey.payerArrears(accountId, currency), amountMinor)
        .build(EntryKind.WRITE_OFF, accountId, Optional.empty(), 0);
  }

  /** Written-off debt paid from the payer's funds: the loss is reversed by what was recovered. */
  public static Entry recovery(long accountId, CurrencyUnit currency, long amountMinor) {
    return new Entry.Builder()
        .debit(AccountKey.payer(accountId, currency), amountMinor)
        .credit(AccountKey.provider(AccountKind.GUARANTEE, currency), amountMinor)
        .build(EntryKind.RECOVERY, accountId, Optional.empty(), 0);
  }

  /**
   * A payer charged for what the guarantee account paid merchants on their behalf: their funds
   * and arrears ({@code charge}'s split of {@code payerMinor}, in their currency) are debited and
   * the guarantee credited {@code guaranteeMinor} in its currency; across currencies the FX
   * position accounts take the conversion, so each currency balances on its own.
   */
  public static Entry caseCharge(long accountId, CurrencyUnit payerCurrency, long payerMinor, PayerFunds.Charge charge,
      CurrencyUnit guaranteeCurrency, long guaranteeMinor) {
    if (Math.addExact(charge.fromBalanceMinor(), charge.shortfallMinor()) != payerMinor) {
      throw new IllegalArgumentException("the charge's split " + charge + " is not " + payerMinor);
    }
    Entry.Builder entry = new Entry.Builder()
        .debit(AccountKey.payer(accountId, payerCurrency), charge.fromBalanceMinor())
        .debit(AccountKey.payerArrears(accountId, payerCurrency), charge.shortfallMinor())
        .credit(AccountKey.provider(AccountKind.GUARANTEE, guaranteeCurrency), guaranteeMinor);
    if (!payerCurrency.equals(guaranteeCurrency)) {
      entry.credit(AccountKey.provider(AccountKind.FX_POSITION, payerCurrency), payerMinor)
          .debit(AccountKey.provider(AccountKind.FX_POSITION, guaranteeCurrency), guaranteeMinor);
    }
    return entry.build(EntryKind.CASE_RESOLUTION, accountId, Optional.empty(), 0);
  }

  /** A payer credited from the guarantee account: arrears first ({@code credit}'s split), the rest to their funds. */
  public static Entry caseCredit(long accountId, CurrencyUnit currency, PayerFunds.Credit credit) {
    return new Entry.Builder()
        .debit(AccountKey.provider(AccountKind.GUARANTEE, currency),
            Math.addExact(credit.collectedMinor(), credit.toBalanceMinor()))
        .credit(AccountKey.payerArrears(accountId, currency), credit.collectedMinor())
        .credit(AccountKey.payer(accountId, currency), credit.toBalanceMinor())
        .build(EntryKind.CASE_RESOLUTION, accountId, Optional.empty(), 0);
  }

  /**
   * Money paid out to an airline: what the provider owes it (its merchant account, a liability)
   * goes down by the debit, and so does the provider's cash (funding, an asset) by the credit.
   */
  public static Entry payout(long airlineId, CurrencyUnit currency, long amountMinor) {
    return new Entry.Builder()
        .debit(AccountKey.merchant(airlineId, currency), amountMinor)
        .credit(AccountKey.provider(AccountKind.FUNDING, currency), amountMinor)
        .build(EntryKind.PAYOUT, 0, Optional.empty(), 0);
  }
}
