package io.aloft.server.settlement;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.server.account.AccountStatus;
import io.aloft.server.ledger.PayerFunds;

/** A payer's account during one settlement run: read under its row lock, written back at the end. */
final class Payer {
  final long accountId;
  final CurrencyUnit currency;
  final AccountStatus statusBefore;
  final boolean wasInArrears;
  /** Debt an operator wrote off that the payer still owes: settlement never changes it, top-ups recover it. */
  final long writtenOffMinor;
  PayerFunds funds;
  int settledPayments;

  Payer(long accountId, CurrencyUnit currency, AccountStatus status, PayerFunds funds, long writtenOffMinor) {
    this.accountId = accountId;
    this.currency = currency;
    this.statusBefore = status;
    this.writtenOffMinor = writtenOffMinor;
    this.wasInArrears = owes(funds);
    this.funds = funds;
  }

  private boolean owes(PayerFunds position) {
    return position.inArrears() || writtenOffMinor > 0;
  }

  boolean fellIntoArrears() {
    return !wasInArrears && owes(funds);
  }

  /**
   * The status to store: falling into arrears sets in_arrears and paying off everything owed
   * (arrears and written-off debt) clears it; any other status (an operator's suspension) stays
   * as it was.
   */
  AccountStatus statusAfter() {
    return statusBefore.afterDebt(wasInArrears, owes(funds));
  }
}
