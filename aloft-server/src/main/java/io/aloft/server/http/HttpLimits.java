package io.aloft.server.http;

import java.time.Duration;

/**
 * What keeps the server answering when clients are slow, many or hostile: read deadlines, the
 * thread pool and its queue, connection and upload caps, and rate limits. {@link #defaults()} are
 * sized so that an honest client never meets them (a terminal uploading the largest batch over a
 * slow link, the demo and the simulation sending hundreds of requests from one address), while one
 * caller or address cannot take the server for itself.
 *
 * @param headerDeadline how long a request's line and headers may take to arrive, from their first byte
 * @param idleTimeout how long a connection, or a read of a request body, may go without a byte
 * @param minUploadBytesPerSecond the slowest average rate a request body may arrive at; an upload
 *     of {@code n} bytes has {@code idleTimeout + n / minUploadBytesPerSecond} to arrive whole
 * @param maxThreads request threads; with {@code maxQueuedRequests} waiting, further work is refused
 * @param maxQueuedRequests requests waiting for a thread
 * @param maxConnections open connections; beyond them the server stops accepting until one closes
 * @param concurrentUploads device uploads in progress at once, all callers together; kept below
 *     {@code maxThreads} so that uploads never take every thread
 * @param concurrentUploadsPerCaller device uploads in progress at once for one token
 * @param uploadsPerCaller uploads one token may start
 * @param uploadsPerAddress uploads one client address may start
 * @param enrolmentsPerCaller enrolments one wallet token may ask for
 * @param enrolmentsPerAddress enrolments one client address may ask for
 * @param authenticationFailuresPerAddress refused keys one client address may send before its
 *     requests with keys the server has not seen succeed lately are refused unchecked
 * @param idempotencyMaxAge how long an {@code Idempotency-Key} is remembered: a retry within it gets
 *     the first answer, older records are pruned ({@link IdempotencyPruning}); at least
 *     {@link #MIN_IDEMPOTENCY_MAX_AGE}
 */
public record HttpLimits(
    Duration headerDeadline,
    Duration idleTimeout,
    long minUploadBytesPerSecond,
    int maxThreads,
    int maxQueuedRequests,
    int maxConnections,
    int concurrentUploads,
    int concurrentUploadsPerCaller,
    Rate uploadsPerCaller,
    Rate uploadsPerAddress,
    Rate enrolmentsPerCaller,
    Rate enrolmentsPerAddress,
    Rate authenticationFailuresPerAddress,
    Duration idempotencyMaxAge) {

  /**
   * The shortest {@link #idempotencyMaxAge}: a day, far beyond any client's retries of one request
   * (seconds to minutes) and {@link Idempotency#ABANDONED_AFTER}, so that pruning never turns a
   * retry into a second run. Device uploads are idempotent by their content as well.
   */
  public static final Duration MIN_IDEMPOTENCY_MAX_AGE = Duration.ofDays(1);
  /** The longest {@link #idempotencyMaxAge}: ten years. */
  public static final Duration MAX_IDEMPOTENCY_MAX_AGE = Duration.ofDays(3650);

  /**
   * At most {@code count} in any {@code period}, refilled smoothly: after a burst of {@code count}
   * one more is allowed every {@code period / count}.
   */
  public record Rate(long count, Duration period) {
    public Rate {
      if (count < 1 || count > 1_000_000) {
        throw new IllegalArgumentException("a rate's count must be 1..1000000, got " + count);
      }
      if (period.compareTo(Duration.ofSeconds(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("a rate's period must be 1 s..1 day, got " + period);
      }
    }

    public static Rate perMinute(long count) {
      return new Rate(count, Duration.ofMinutes(1));
    }
  }

  public HttpLimits {
    requireBetween("headerDeadline", headerDeadline, Duration.ofMillis(100), Duration.ofMinutes(5));
    requireBetween("idleTimeout", idleTimeout, Duration.ofMillis(100), Duration.ofMinutes(10));
    if (minUploadBytesPerSecond < 64 || minUploadBytesPerSecond > 100_000_000) {
      throw new IllegalArgumentException("minUploadBytesPerSecond must be 64..100000000, got " + minUploadBytesPerSecond);
    }
    if (maxThreads < 8 || maxThreads > 1024) {
      throw new IllegalArgumentException("maxThreads must be 8..1024, got " + maxThreads);
    }
    if (maxQueuedRequests < 1 || maxQueuedRequests > 100_000) {
      throw new IllegalArgumentException("maxQueuedRequests must be 1..100000, got " + maxQueuedRequests);
    }
    if (maxConnections < 16 || maxConnections > 1_000_000) {
      throw new IllegalArgumentException("maxConnections must be 16..1000000, got " + maxConnections);
    }
    if (concurrentUploads < 1 || concurrentUploads > maxThreads / 2) {
      throw new IllegalArgumentException("concurrentUploads must be 1.." + maxThreads / 2
          + " (half the threads), got " + concurrentUploads);
    }
    if (concurrentUploadsPerCaller < 1 || concurrentUploadsPerCaller > concurrentUploads) {
      throw new IllegalArgumentException("concurrentUploadsPerCaller must be 1..concurrentUploads, got "
          + concurrentUploadsPerCaller);
    }
    java.util.Objects.requireNonNull(uploadsPerCaller, "uploadsPerCaller");
    java.util.Objects.requireNonNull(uploadsPerAddress, "uploadsPerAddress");
    java.util.Objects.requireNonNull(enrolmentsPerCaller, "enrolmentsPerCaller");
    java.util.Objects.requireNonNull(enrolmentsPerAddress, "enrolmentsPerAddress");
    java.util.Objects.requireNonNull(authenticationFailuresPerAddress, "authenticationFailuresPerAddress");
    requireBetween("idempotencyMaxAge", idempotencyMaxAge, MIN_IDEMPOTENCY_MAX_AGE, MAX_IDEMPOTENCY_MAX_AGE);
  }

  private static void requireBetween(String name, Duration value, Duration min, Duration max) {
    if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
    }
  }

  /**
   * An honest terminal uploading the largest batch (1 MiB) at 4 KiB/s still makes it; a wallet
   * enrols a few times a day, an airline's terminals upload a few batches a flight each; the
   * simulation's hostile suite sends a few hundred refused keys from one address.
   */
  public static HttpLimits defaults() {
    return new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(10), 4 * 1024, 32, 256, 2_000, 12, 8,
        Rate.perMinute(600), Rate.perMinute(1_200), Rate.perMinute(30), Rate.perMinute(3_000), Rate.perMinute(1_000),
        Duration.ofDays(7));
  }

  public HttpLimits withIdempotencyMaxAge(Duration value) {
    return new HttpLimits(headerDeadline, idleTimeout, minUploadBytesPerSecond, maxThreads, maxQueuedRequests,
        maxConnections, concurrentUploads, concurrentUploadsPerCaller, uploadsPerCaller, uploadsPerAddress,
        enrolmentsPerCaller, enrolmentsPerAddress, authenticationFailuresPerAddress, value);
  }

  /** The time a body of {@code bytes} may take to arrive whole. */
  public Duration bodyDeadline(long bytes) {
    return idleTimeout.plusMillis(Math.multiplyExact(Math.max(bytes, 0), 1000L) / minUploadBytesPerSecond);
  }

  public HttpLimits withReadDeadlines(Duration header, Duration idle, long minBytesPerSecond) {
    return new HttpLimits(header, idle, minBytesPerSecond, maxThreads, maxQueuedRequests, maxConnections,
        concurrentUploads, concurrentUploadsPerCaller, uploadsPerCaller, uploadsPerAddress, enrolmentsPerCaller,
        enrolmentsPerAddress, authenticationFailuresPerAddress, idempotencyMaxAge);
  }

  public HttpLimits withConnections(int threads, int queuedRequests, int connections) {
    return new HttpLimits(headerDeadline, idleTimeout, minUploadBytesPerSecond, threads, queuedRequests, connections,
        concurrentUploads, concurrentUploadsPerCaller, uploadsPerCaller, uploadsPerAddress, enrolmentsPerCaller,
        enrolmentsPerAddress, authenticationFailuresPerAddress, idempotencyMaxAge);
  }

  public HttpLimits withUploads(int concurrent, int concurrentPerCaller, Rate perCaller, Rate perAddress) {
    return new HttpLimits(headerDeadline, idleTimeout, minUploadBytesPerSecond, maxThreads, maxQueuedRequests,
        maxConnections, concurrent, concurrentPerCaller, perCaller, perAddress, enrolmentsPerCaller,
        enrolmentsPerAddress, authenticationFailuresPerAddress, idempotencyMaxAge);
  }

  public HttpLimits withEnrolments(Rate perCaller, Rate perAddress) {
    return new HttpLimits(headerDeadline, idleTimeout, minUploadBytesPerSecond, maxThreads, maxQueuedRequests,
        maxConnections, concurrentUploads, concurrentUploadsPerCaller, uploadsPerCaller, uploadsPerAddress, perCaller,
        perAddress, authenticationFailuresPerAddress, idempotencyMaxAge);
  }

  public HttpLimits withAuthenticationFailures(Rate perAddress) {
    return new HttpLimits(headerDeadline, idleTimeout, minUploadBytesPerSecond, maxThreads, maxQueuedRequests,
        maxConnections, concurrentUploads, concurrentUploadsPerCaller, uploadsPerCaller, uploadsPerAddress,
        enrolmentsPerCaller, enrolmentsPerAddress, perAddress, idempotencyMaxAge);
  }
}
