package io.aloft.server.account;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.server.allowance.Allowance;
import io.aloft.server.allowance.Allowances;
import io.aloft.server.score.EligibilityPolicy;
import io.aloft.server.score.ScoreProvider;
import io.aloft.server.score.Tier;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * An account's standing now: the score that applies and where it came from, the tier it puts the
 * account in, and the offline allowance left. The JSON API's account view and the console's
 * account page both read it here, so they show the same numbers.
 */
public final class AccountStandings {
  private final ScoreProvider scoreProvider;
  private final EligibilityPolicy policy;
  private final Allowances allowances;
  private final Clock clock;

  public AccountStandings(ScoreProvider scoreProvider, EligibilityPolicy policy, Allowances allowances, Clock clock) {
    this.scoreProvider = scoreProvider;
    this.policy = policy;
    this.allowances = allowances;
    this.clock = clock;
  }

  /**
   * @param tier empty when the score is below the threshold (no offline payment)
   * @param allowance the tier's total limit (0 without a tier) and what open credentials hold of it
   */
  public record Standing(Account account, AccountScores.Score score, int thresholdScore, Optional<Tier> tier,
      Allowance allowance, Instant at) {
    public boolean meetsThreshold() {
      return score.value() >= thresholdScore;
    }
  }

  public Standing of(Account account) {
    Instant now = clock.instant();
    AccountScores.Score score = AccountScores.scoreOf(account, scoreProvider, now);
    Optional<Tier> tier = tierFor(score.value(), account.currency());
    Allowance allowance = allowances.of(account.id(), tier.map(Tier::totalLimitMinor).orElse(0L), now);
    return new Standing(account, score, policy.thresholdScore(), tier, allowance, now);
  }

  /** The tier a score gives in a currency; empty below the threshold. */
  public Optional<Tier> tierFor(int score, CurrencyUnit currency) {
    return policy.tierFor(score, currency.code());
  }
}
