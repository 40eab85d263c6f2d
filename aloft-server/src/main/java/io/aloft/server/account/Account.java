package io.aloft.server.account;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.score.ScoreFacts;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A passenger's account as stored. The balance is in the account's single currency.
 * {@code paymentPoints} is the score feedback of its settled payments ({@link Accounts#PAYMENT_POINTS}).
 */
public record Account(
    long id,
    Instant createdAt,
    String displayName,
    int identityLevel,
    AccountStatus status,
    Money balance,
    Optional<Integer> scoreOverride,
    Optional<String> scoreSource,
    int paymentPoints,
    int arrearsEpisodeCount,
    Money arrears,
    Optional<Instant> arrearsSince,
    Money writtenOff,
    int doubleSpendCount) {

  public CurrencyUnit currency() {
    return balance.currency();
  }

  public ScoreFacts scoreFacts(Instant now) {
    Duration age = now.isAfter(createdAt) ? Duration.between(createdAt, now) : Duration.ZERO;
    return new ScoreFacts(identityLevel, age, paymentPoints, Math.max(arrearsEpisodeCount, owesDebt() ? 1 : 0),
        owesDebt(), doubleSpendCount);
  }

  /** Owes money from offline payments its balance did not cover. */
  public boolean inArrears() {
    return arrears.amountMinor() > 0;
  }

  /**
   * Owes anything from offline payments: arrears, or arrears an operator wrote off (the provider
   * stopped carrying them as a receivable; the passenger still owes them). The score counts both
   * as arrears, so writing off never improves it.
   */
  public boolean owesDebt() {
    return inArrears() || writtenOff.amountMinor() > 0;
  }

  /** Arrears plus written-off debt: everything the passenger owes. */
  public Money debt() {
    return arrears.plus(writtenOff);
  }
}
