package io.aloft.server.ledger;

/**
 * A passenger's money as settlement sees it: funds held and arrears owed, in the account's
 * currency. Charges use funds first and put the rest into arrears; credits (top-ups, refunds)
 * pay arrears first. So funds and arrears are never both above zero.
 */
public record PayerFunds(long balanceMinor, long arrearsMinor) {
  public PayerFunds {
    if (balanceMinor < 0 || arrearsMinor < 0) {
      throw new IllegalArgumentException("balance and arrears are never negative: " + balanceMinor + ", " + arrearsMinor);
    }
    if (balanceMinor > 0 && arrearsMinor > 0) {
      throw new IllegalStateException("funds " + balanceMinor + " held while arrears " + arrearsMinor + " are owed");
    }
  }

  /** The result of charging: the new position, what the funds covered, and the shortfall. */
  public record Charge(PayerFunds after, long fromBalanceMinor, long shortfallMinor) {}

  /** The result of a credit: the new position, what went to arrears, and what to the funds. */
  public record Credit(PayerFunds after, long collectedMinor, long toBalanceMinor) {}

  public Charge charge(long amountMinor) {
    checkAmount(amountMinor);
    long fromBalance = Math.min(balanceMinor, amountMinor);
    long shortfall = amountMinor - fromBalance;
    return new Charge(new PayerFunds(balanceMinor - fromBalance, Math.addExact(arrearsMinor, shortfall)),
        fromBalance, shortfall);
  }

  public Credit credit(long amountMinor) {
    checkAmount(amountMinor);
    long collected = Math.min(arrearsMinor, amountMinor);
    long toBalance = amountMinor - collected;
    return new Credit(new PayerFunds(Math.addExact(balanceMinor, toBalance), arrearsMinor - collected),
        collected, toBalance);
  }

  public boolean inArrears() {
    return arrearsMinor > 0;
  }

  private static void checkAmount(long amountMinor) {
    if (amountMinor < 0) {
      throw new IllegalArgumentException("amountMinor must not be negative: " + amountMinor);
    }
  }
}
