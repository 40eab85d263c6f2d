package io.aloft.server.ledger;

/** One line of an entry: debit (positive) or credit (negative) of one account, in its currency. */
record Posting(AccountKey account, long amountMinor) {
  public Posting {
    if (account == null || amountMinor == 0) {
      throw new IllegalArgumentException("a posting names an account and a non-zero amount: " + account + " " + amountMinor);
    }
  }

  public static Posting debit(AccountKey account, long amountMinor) {
    return new Posting(account, checkPositive(amountMinor));
  }

  public static Posting credit(AccountKey account, long amountMinor) {
    return new Posting(account, -checkPositive(amountMinor));
  }

  private static long checkPositive(long amountMinor) {
    if (amountMinor <= 0) {
      throw new IllegalArgumentException("amountMinor must be positive: " + amountMinor);
    }
    return amountMinor;
  }
}
