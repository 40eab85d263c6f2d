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
  PayerFunds funds;
  int settledPayments;

  Payer(long accountId, CurrencyUnit currency, AccountStatus status, PayerFunds funds) {
    this.accountId = accountId;
    this.currency = currency;
    this.statusBefore = status;
    this.wasInArrears = funds.inArrears();
    this.funds = funds;
  }

  boolean fellIntoArrears() {
    return !wasInArrears && funds.inArrears();
  }

  /**
   * The status to store: falling into arrears sets in_arrears and paying them off clears it; any
   * other status (an operator's suspension) stays as it was.
   */
  AccountStatus statusAfter() {
    return statusAfter(statusBefore, wasInArrears, funds.inArrears());
  }

  static AccountStatus statusAfter(AccountStatus before, boolean wasInArrears, boolean inArrears) {
    if (before == AccountStatus.ACTIVE && !wasInArrears && inArrears) {
      return AccountStatus.IN_ARREARS;
    }
    if (before == AccountStatus.IN_ARREARS && wasInArrears && !inArrears) {
      return AccountStatus.ACTIVE;
    }
    return before;
  }
}
