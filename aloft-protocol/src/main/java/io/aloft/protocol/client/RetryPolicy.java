package io.aloft.protocol.client;

import java.time.Duration;

/**
 * How a device retries an upload: at most {@code maxAttempts} tries, waiting {@code firstBackoff}
 * after the first failure and doubling up to {@code maxBackoff}; each try bounded by the
 * timeouts. Retrying is always safe: the server settles by payment id and answers a batch id it
 * has seen with the same report.
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration connectTimeout,
    Duration readTimeout) {
  /** Four tries over about 3.5 s of waiting: enough for a blip, short enough for a crew member to wait. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(2),
      Duration.ofSeconds(10), Duration.ofSeconds(30));

  public RetryPolicy {
    if (maxAttempts < 1 || maxAttempts > 20) {
      throw new IllegalArgumentException("maxAttempts must be 1..20: " + maxAttempts);
    }
    if (firstBackoff == null || maxBackoff == null || firstBackoff.isNegative() || maxBackoff.compareTo(firstBackoff) < 0
        || maxBackoff.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("backoffs must satisfy 0 ≤ first ≤ max ≤ 5 min: " + firstBackoff + ", " + maxBackoff);
    }
    if (connectTimeout == null || readTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()
        || readTimeout.isNegative() || readTimeout.isZero()
        || connectTimeout.toMillis() > Integer.MAX_VALUE || readTimeout.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("timeouts must be positive and fit in an int of milliseconds");
    }
  }

  /** The wait after failed attempt {@code attempt} (1-based). */
  public Duration backoffAfter(int attempt) {
    Duration wait = firstBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
