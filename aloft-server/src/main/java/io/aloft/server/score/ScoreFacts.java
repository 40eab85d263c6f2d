package io.aloft.server.score;

import java.time.Duration;

/**
 * What the server knows about an account that bears on its payment score.
 *
 * @param identityLevel 0 none, 1 phone verified, 2 identity document verified, 3 full KYC with a bank account
 * @param accountAge how long the account has existed
 * @param settledPaymentCount offline payments that settled in full
 * @param arrearsEpisodeCount times the account went into arrears, the current one included
 * @param inArrears whether the account owes arrears now
 */
public record ScoreFacts(int identityLevel, Duration accountAge, int settledPaymentCount, int arrearsEpisodeCount,
    boolean inArrears) {
  public ScoreFacts {
    if (identityLevel < 0 || identityLevel > 3) {
      throw new IllegalArgumentException("identityLevel must be 0..3, got " + identityLevel);
    }
    if (accountAge == null || accountAge.isNegative()) {
      throw new IllegalArgumentException("accountAge must be zero or positive, got " + accountAge);
    }
    if (settledPaymentCount < 0 || arrearsEpisodeCount < 0) {
      throw new IllegalArgumentException("counts must not be negative: settled " + settledPaymentCount
          + ", arrears " + arrearsEpisodeCount);
    }
    if (inArrears && arrearsEpisodeCount == 0) {
      throw new IllegalArgumentException("in arrears without an arrears episode");
    }
  }

  /** Facts of an account not in arrears now. */
  public ScoreFacts(int identityLevel, Duration accountAge, int settledPaymentCount, int arrearsEpisodeCount) {
    this(identityLevel, accountAge, settledPaymentCount, arrearsEpisodeCount, false);
  }
}
