package io.aloft.server.score;

/**
 * The built-in score, a transparent sum clamped to 300..850:
 *
 * <pre>
 *   300                                  base
 * + 0 / 100 / 200 / 250                  identity level 0 / 1 / 2 / 3
 * + min(150, account age in days / 3)    one point every three days, for 450 days
 * + min(150, payment points)              feedback from settled payments, by amount, capped per flight
 * − 200                                  while the account is in arrears
 * − min(150, 25 × arrears episodes)      each time it fell into arrears, repaid or not
 * − 350 × double spends                  each double spend case, for good
 * </pre>
 *
 * Payment points: one per full 10.00 (1,000 minor units) the payer was charged on a flight, at
 * most 15 per flight, and none for a flight where settlement opened a case about the account
 * (computed by the account feature). A brand-new fully verified account (level 3) scores exactly
 * 550, the default threshold; a document-verified one (level 2) reaches it after 150 days or 50
 * payment points (at least four flights). Owing arrears costs more than a year of good standing;
 * once repaid, the score recovers all but 25 points per episode, which 25 payment points earn
 * back. One double spend takes any score below the threshold.
 */
public final class DefaultScoreProvider implements ScoreProvider {
  private static final int BASE = 300;
  private static final int[] IDENTITY_POINTS = {0, 100, 200, 250};
  private static final int MAX_AGE_POINTS = 150;
  private static final int DAYS_PER_AGE_POINT = 3;
  private static final int MAX_PAYMENT_POINTS = 150;
  private static final int POINTS_PER_DOUBLE_SPEND = 350;
  private static final int POINTS_WHILE_IN_ARREARS = 200;
  private static final int POINTS_PER_ARREARS_EPISODE = 25;
  private static final int MAX_EPISODE_POINTS = 150;

  @Override
  public int score(ScoreFacts facts) {
    long agePoints = Math.min(MAX_AGE_POINTS, facts.accountAge().toDays() / DAYS_PER_AGE_POINT);
    long paymentPoints = Math.min(MAX_PAYMENT_POINTS, facts.paymentPoints());
    long arrearsPoints = Math.min(MAX_EPISODE_POINTS, (long) facts.arrearsEpisodeCount() * POINTS_PER_ARREARS_EPISODE)
        + (facts.inArrears() ? POINTS_WHILE_IN_ARREARS : 0)
        + (long) facts.doubleSpendCount() * POINTS_PER_DOUBLE_SPEND;
    long total = BASE + IDENTITY_POINTS[facts.identityLevel()] + agePoints + paymentPoints - arrearsPoints;
    return (int) Math.max(MIN_SCORE, Math.min(MAX_SCORE, total));
  }
}
