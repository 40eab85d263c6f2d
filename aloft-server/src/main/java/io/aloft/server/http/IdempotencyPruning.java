package io.aloft.server.http;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's periodic job that deletes {@code Idempotency-Key} records older than
 * {@link HttpLimits#idempotencyMaxAge}: once a minute after start, then every hour, in batches of
 * {@value #BATCH_SIZE} rows per transaction and at most {@value #MAX_BATCHES} batches per run. A
 * backlog larger than one run (a table never pruned before) goes over the following runs. A failed
 * run is logged and the next one tries again.
 */
public final class IdempotencyPruning implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IdempotencyPruning.class);
  static final int BATCH_SIZE = 1_000;
  static final int MAX_BATCHES = 1_000;
  private static final Duration FIRST_RUN = Duration.ofMinutes(1);
  private static final Duration EVERY = Duration.ofHours(1);

  private final Idempotency idempotency;
  private final Clock clock;
  private final Duration maxAge;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "aloft-idempotency-pruning");
    thread.setDaemon(true);
    return thread;
  });

  private IdempotencyPruning(Idempotency idempotency, Clock clock, Duration maxAge) {
    this.idempotency = idempotency;
    this.clock = clock;
    this.maxAge = maxAge;
  }

  /** Starts the job; {@link #close()} stops it. */
  public static IdempotencyPruning start(Idempotency idempotency, Clock clock, Duration maxAge) {
    IdempotencyPruning pruning = new IdempotencyPruning(idempotency, clock, maxAge);
    pruning.scheduler.scheduleWithFixedDelay(pruning::runQuietly, FIRST_RUN.toSeconds(), EVERY.toSeconds(),
        TimeUnit.SECONDS);
    return pruning;
  }

  /** One run: every record older than the maximum age now, up to the run's bound; returns how many went. */
  public long runOnce() {
    return idempotency.prune(clock.instant().minus(maxAge), BATCH_SIZE, MAX_BATCHES);
  }

  private void runQuietly() {
    try {
      long pruned = runOnce();
      if (pruned > 0) {
        LOG.info("pruned {} idempotency records older than {}", pruned, maxAge);
      }
    } catch (RuntimeException e) {
      LOG.warn("pruning idempotency records failed; the next run tries again", e);
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
