package io.aloft.server.account;

import io.aloft.protocol.money.Money;
import java.time.Duration;
import java.util.Optional;

/**
 * How the audit log names the operator's account actions and says what they did, the same whether
 * they came through the JSON API or the console. The subject is always {@code account:<id>}.
 */
public final class AccountAudit {
  public static final String TOP_UP = "account.top-up";
  public static final String STATUS = "account.status";
  public static final String SCORE = "account.score";
  public static final String WRITE_OFF = "account.write-off";

  private AccountAudit() {}

  public static String subject(long accountId) {
    return "account:" + accountId;
  }

  public static String topUp(Money amount, Account after) {
    return "topped up " + amount + "; balance now " + after.balance() + ", arrears " + after.arrears()
        + ", written off " + after.writtenOff();
  }

  public static String status(AccountStatus status) {
    return "status set to " + status.wireName();
  }

  public static String score(int score, String source) {
    return "score set to " + score + " (source " + source + ")";
  }

  /** {@code olderThan} empty: all arrears. */
  public static String writeOff(Money writtenOff, Optional<Duration> olderThan) {
    return "wrote off " + writtenOff + " of " + olderThan.map(age -> "arrears older than " + age.toDays() + " days")
        .orElse("all arrears");
  }
}
