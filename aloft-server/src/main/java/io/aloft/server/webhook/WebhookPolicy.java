package io.aloft.server.webhook;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How webhooks are delivered: how long a receiver has to answer, how often and how far apart a
 * failed delivery is tried again, and whether plain HTTP to loopback is allowed (tests and local
 * development; every other endpoint must be HTTPS).
 *
 * @param allowHttpLoopback endpoints may be {@code http://} on a loopback address
 * @param timeout how long a receiver has to accept the connection, and again to answer
 * @param maxAttempts attempts of one delivery before it is {@code failed}
 * @param retryDelay the longest wait before the second attempt; each later wait may be twice as long
 * @param maxRetryDelay the longest wait between two attempts
 * @param pollInterval how often the worker looks for due deliveries when it has none
 * @param senders deliveries sent at once by one server
 */
public record WebhookPolicy(boolean allowHttpLoopback, Duration timeout, int maxAttempts, Duration retryDelay,
    Duration maxRetryDelay, Duration pollInterval, int senders) {
  public static final Duration MIN_TIMEOUT = Duration.ofSeconds(1);
  public static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);
  public static final int MAX_ATTEMPTS = 30;
  public static final Duration MAX_DELAY = Duration.ofDays(1);

  public WebhookPolicy {
    if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("timeout must be " + MIN_TIMEOUT + ".." + MAX_TIMEOUT + ", got " + timeout);
    }
    if (maxAttempts < 1 || maxAttempts > MAX_ATTEMPTS) {
      throw new IllegalArgumentException("maxAttempts must be 1.." + MAX_ATTEMPTS + ", got " + maxAttempts);
    }
    if (retryDelay.isNegative() || retryDelay.isZero() || retryDelay.compareTo(maxRetryDelay) > 0
        || maxRetryDelay.compareTo(MAX_DELAY) > 0) {
      throw new IllegalArgumentException("retryDelay must be above zero and at most maxRetryDelay, at most "
          + MAX_DELAY + ": " + retryDelay + ", " + maxRetryDelay);
    }
    if (pollInterval.toMillis() < 10 || pollInterval.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("pollInterval must be 10ms..1m, got " + pollInterval);
    }
    if (senders < 1 || senders > 64) {
      throw new IllegalArgumentException("senders must be 1..64, got " + senders);
    }
  }

  public static WebhookPolicy defaults() {
    return new WebhookPolicy(false, Duration.ofSeconds(10), 12, Duration.ofSeconds(30), Duration.ofHours(6),
        Duration.ofSeconds(1), 4);
  }

  public WebhookPolicy withAllowHttpLoopback(boolean value) {
    return new WebhookPolicy(value, timeout, maxAttempts, retryDelay, maxRetryDelay, pollInterval, senders);
  }

  public WebhookPolicy withTimeout(Duration value) {
    return new WebhookPolicy(allowHttpLoopback, value, maxAttempts, retryDelay, maxRetryDelay, pollInterval, senders);
  }

  public WebhookPolicy withMaxAttempts(int value) {
    return new WebhookPolicy(allowHttpLoopback, timeout, value, retryDelay, maxRetryDelay, pollInterval, senders);
  }

  public WebhookPolicy withRetryDelays(Duration first, Duration max) {
    return new WebhookPolicy(allowHttpLoopback, timeout, maxAttempts, first, max, pollInterval, senders);
  }

  public WebhookPolicy withPollInterval(Duration value) {
    return new WebhookPolicy(allowHttpLoopback, timeout, maxAttempts, retryDelay, maxRetryDelay, value, senders);
  }

  /**
   * How long a claimed delivery stays with the worker that claimed it: the connection and answer
   * deadlines and a margin. A worker that dies mid-attempt leaves the delivery to another after this.
   */
  public Duration lease() {
    return timeout.multipliedBy(2).plusSeconds(5);
  }

  /**
   * The wait after failed attempt number {@code attempt} (1 for the first): "full jitter", a uniform
   * draw from zero to {@code retryDelay · 2^(attempt-1)}, capped at {@code maxRetryDelay}. Receivers
   * that failed together (one outage) are not all tried again at the same moment.
   */
  public Duration retryAfter(int attempt, RandomGenerator random) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be at least 1, got " + attempt);
    }
    long ceilingMs = retryDelay.toMillis();
    for (int i = 1; i < attempt && ceilingMs < maxRetryDelay.toMillis(); i++) {
      ceilingMs *= 2;
    }
    ceilingMs = Math.min(ceilingMs, maxRetryDelay.toMillis());
    return Duration.ofMillis(random.nextLong(ceilingMs + 1));
  }
}
