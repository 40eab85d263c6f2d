package io.aloft.server.account;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.score.ScoreFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A passenger's account as stored. The balance is in the account's single currency. */
public record Account(
    long id,
    Instant createdAt,
    String displayName,
    int identityLevel,
    AccountStatus status,
    Money balance,
    Optional<Integer> scoreOverride,
    Optional<String> scoreSource,
    int settledPaymentCount,
    int arrearsEpisodeCount,
    Money arrears,
    Optional<Instant> arrearsSince) {

  public CurrencyUnit currency() {
    return balance.currency();
  }

  public ScoreFacts scoreFacts(Instant now) {
    Duration age = now.isAfter(createdAt) ? Duration.between(createdAt, now) : Duration.ZERO;
    return new ScoreFacts(identityLevel, age, settledPaymentCount, Math.max(arrearsEpisodeCount, inArrears() ? 1 : 0),
        inArrears());
  }

  /** Owes money from offline payments its balance did not cover. */
  public boolean inArrears() {
    return arrears.amountMinor() > 0;
  }
}
