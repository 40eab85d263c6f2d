package io.aloft.server.score;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The threshold score for offline payment and the tier table mapping score bands to limits.
 *
 * <p>Limits are minor units, so one table cannot fit CNY and JPY alike: the table has a default
 * (sized for currencies with two decimals) and optional per-currency tables. A currency without
 * its own table uses the default numbers as they are, which is a known limit for currencies with
 * zero or three decimals; configure a table for them.
 */
public record EligibilityPolicy(int thresholdScore, List<Tier> defaultTiers, Map<String, List<Tier>> tiersByCurrency) {
  public static final int DEFAULT_THRESHOLD = 550;

  public EligibilityPolicy {
    if (thresholdScore < ScoreProvider.MIN_SCORE || thresholdScore > ScoreProvider.MAX_SCORE) {
      throw new IllegalArgumentException("thresholdScore must be 300..850, got " + thresholdScore);
    }
    defaultTiers = checked(defaultTiers, thresholdScore);
    Map<String, List<Tier>> copy = new java.util.TreeMap<>();
    for (var entry : tiersByCurrency.entrySet()) {
      copy.put(entry.getKey(), checked(entry.getValue(), thresholdScore));
    }
    tiersByCurrency = Map.copyOf(copy);
  }

  /** Threshold 550 and three tiers: 50/200, 100/500, 200/1000 major units of a two-decimal currency. */
  public static EligibilityPolicy defaults() {
    return new EligibilityPolicy(DEFAULT_THRESHOLD, List.of(
        new Tier(1, 550, 5_000, 20_000),
        new Tier(2, 650, 10_000, 50_000),
        new Tier(3, 750, 20_000, 100_000)), Map.of());
  }

  /** The tier for {@code score} in {@code currency}, or empty when the score is below the threshold. */
  public Optional<Tier> tierFor(int score, String currency) {
    if (score < thresholdScore) {
      return Optional.empty();
    }
    List<Tier> tiers = tiersByCurrency.getOrDefault(currency, defaultTiers);
    Tier best = null;
    for (Tier tier : tiers) {
      if (tier.minScore() <= score) {
        best = tier;
      }
    }
    return Optional.ofNullable(best);
  }

  private static List<Tier> checked(List<Tier> tiers, int threshold) {
    if (tiers.isEmpty() || tiers.size() > 32) {
      throw new IllegalArgumentException("a tier table needs 1..32 tiers, got " + tiers.size());
    }
    List<Tier> sorted = new ArrayList<>(tiers);
    sorted.sort(Comparator.comparingInt(Tier::minScore));
    if (sorted.get(0).minScore() > threshold) {
      throw new IllegalArgumentException("the lowest tier must start at or below the threshold " + threshold
          + ", starts at " + sorted.get(0).minScore());
    }
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).minScore() == sorted.get(i - 1).minScore()) {
        throw new IllegalArgumentException("two tiers start at score " + sorted.get(i).minScore());
      }
    }
    return List.copyOf(sorted);
  }
}
