package io.aloft.server.account;

import io.aloft.server.score.ScoreProvider;
import java.time.Instant;

/** The score that applies to an account: the operator's if one is set, else the provider's. */
public final class AccountScores {
  private AccountScores() {}

  /** A score and where it came from: "computed", or the source an operator gave. */
  public record Score(int value, String source) {}

  public static Score scoreOf(Account account, ScoreProvider provider, Instant now) {
    if (account.scoreOverride().isPresent()) {
      return new Score(account.scoreOverride().get(), account.scoreSource().orElse("operator"));
    }
    return new Score(provider.score(account.scoreFacts(now)), "computed");
  }
}
