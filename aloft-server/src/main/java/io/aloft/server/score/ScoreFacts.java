package io.aloft.server.score;

import java.time.Duration;

/**
 * What the server knows about an account that bears on its payment score.
 *
 * @param identityLevel 0 none, 1 phone verified, 2 identity document verified, 3 full KYC with a bank account
 * @param accountAge how long the account has existed
 * @param paymentPoints feedback from settled offline payments: weighted by amount and capped per
 *     flight, none for a flight with a case (see the account feature's {@code PaymentFeedback})
 * @param arrearsEpisodeCount times the account went into arrears, the current one included
 * @param inArrears whether the account owes arrears now
 * @param doubleSpendCount double spends the account was caught at (one per case)
 */
public record ScoreFacts(int identityLevel, Duration accountAge, int paymentPoints, int arrearsEpisodeCount,
    boolean inArrears, int doubleSpendCount) {
  public ScoreFacts {
    if (identityLevel < 0 || identityLevel > 3) {
      throw new IllegalArgumentException("identityLevel must be 0..3, got " + identityLevel);
    }
    if (accountAge == null || accountAge.isNegative()) {
      throw new IllegalArgumentException("accountAge must be zero or positive, got " + accountAge);
    }
    if (paymentPoints < 0 || arrearsEpisodeCount < 0 || doubleSpendCount < 0) {
      throw new IllegalArgumentException("counts must not be negative: payment points " + paymentPoints
          + ", arrears " + arrearsEpisodeCount + ", double spends " + doubleSpendCount);
    }
    if (inArrears && arrearsEpisodeCount == 0) {
      throw new IllegalArgumentException("in arrears without an arrears episode");
    }
  }

  /** Facts of an account not in arrears now, never caught double spending. */
  public ScoreFacts(int identityLevel, Duration accountAge, int paymentPoints, int arrearsEpisodeCount) {
    this(identityLevel, accountAge, paymentPoints, arrearsEpisodeCount, false, 0);
  }

  /** Facts of an account never caught double spending. */
  public ScoreFacts(int identityLevel, Duration accountAge, int paymentPoints, int arrearsEpisodeCount,
      boolean inArrears) {
    this(identityLevel, accountAge, paymentPoints, arrearsEpisodeCount, inArrears, 0);
  }
}
