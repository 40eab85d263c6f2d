package io.aloft.server.score;

/**
 * One band of the tier table: scores from {@code minScore} up to the next band's minimum get these
 * offline limits. Limits are in minor units of the credential's currency.
 */
public record Tier(int number, int minScore, long perPaymentLimitMinor, long totalLimitMinor) {
  public Tier {
    if (number < 1 || number > 255) {
      throw new IllegalArgumentException("tier number must be 1..255, got " + number);
    }
    if (minScore < ScoreProvider.MIN_SCORE || minScore > ScoreProvider.MAX_SCORE) {
      throw new IllegalArgumentException("minScore must be 300..850, got " + minScore);
    }
    if (perPaymentLimitMinor < 1 || totalLimitMinor < perPaymentLimitMinor) {
      throw new IllegalArgumentException("need 1 <= perPaymentLimitMinor <= totalLimitMinor, got "
          + perPaymentLimitMinor + " and " + totalLimitMinor);
    }
  }
}
