package io.aloft.protocol.client;

import java.time.Duration;
import java.util.Random;

/**
 * How a device retries an upload: at most {@code maxAttempts} tries; after failed attempt n it
 * waits a random time between zero and {@code firstBackoff · 2^(n-1)}, capped at
 * {@code maxBackoff} ("full jitter"), so that a whole plane landing at once does not retry in
 * step. A server's {@code Retry-After} is a floor on that wait, up to {@link #MAX_RETRY_AFTER};
 * beyond it the device stops and reports the failure. Each try is bounded by the timeouts.
 * Retrying is always safe: the server settles by payment id and answers a batch id it has seen
 * with the same report.
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration connectTimeout,
    Duration readTimeout) {
  /** Four tries over about 3.5 s of waiting: enough for a blip, short enough for a crew member to wait. */
  public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofMillis(500), Duration.ofSeconds(2),
      Duration.ofSeconds(10), Duration.ofSeconds(30));

  /** The longest {@code Retry-After} a device waits for; a longer one ends the attempts. */
  public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

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

  /** The longest wait after failed attempt {@code attempt} (1-based): the exponential ceiling. */
  public Duration backoffAfter(int attempt) {
    Duration wait = firstBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }

  /**
   * The wait after failed attempt {@code attempt}: uniform in [0, {@link #backoffAfter}] to the
   * millisecond, and never shorter than {@code retryAfter} (zero when the server named none).
   */
  public Duration waitAfter(int attempt, Duration retryAfter, Random random) {
    if (retryAfter == null || retryAfter.isNegative() || random == null) {
      throw new IllegalArgumentException("retryAfter must be zero or positive, and random non-null");
    }
    long ceilingMs = backoffAfter(attempt).toMillis();
    Duration jittered = Duration.ofMillis(ceilingMs == 0 ? 0 : (long) (random.nextDouble() * (ceilingMs + 1)));
    return jittered.compareTo(retryAfter) < 0 ? retryAfter : jittered;
  }
}
