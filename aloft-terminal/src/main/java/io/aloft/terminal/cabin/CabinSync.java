package io.aloft.terminal.cabin;

import java.time.Duration;
import java.util.Optional;
import io.aloft.protocol.message.CabinDigest;

/**
 * Keeps the cabin told: pushes this terminal's digest over a {@link CabinTransport} every sync
 * interval, and within one poll interval of every new journal entry (a sale made by this process
 * or by another one on the same database). Runs on one daemon thread until closed.
 */
public final class CabinSync implements AutoCloseable {
  private final CabinEndpoint endpoint;
  private final CabinTransport transport;
  private final Duration syncInterval;
  private final Duration pollInterval;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long pushes;

  public CabinSync(CabinEndpoint endpoint, CabinTransport transport, Duration syncInterval, Duration pollInterval) {
    if (syncInterval.isNegative() || syncInterval.isZero() || pollInterval.isNegative() || pollInterval.isZero()
        || pollInterval.compareTo(syncInterval) > 0) {
      throw new IllegalArgumentException("need 0 < pollInterval ≤ syncInterval: " + pollInterval + ", " + syncInterval);
    }
    this.endpoint = endpoint;
    this.transport = transport;
    this.syncInterval = syncInterval;
    this.pollInterval = pollInterval;
    this.thread = new Thread(this::run, "cabin-sync-" + endpoint.terminalId());
    thread.setDaemon(true);
  }

  public void start() {
    transport.start();
    thread.start();
  }

  /** Digests pushed so far (each to every connected peer). */
  public long pushes() {
    return pushes;
  }

  private void run() {
    long lastSequence = -1;
    long lastPush = System.nanoTime() - syncInterval.toNanos();
    while (running) {
      try {
        long sequence = endpoint.journalSequence();
        if (sequence != lastSequence || System.nanoTime() - lastPush >= syncInterval.toNanos()) {
          Optional<CabinDigest> digest = endpoint.cabinDigest();
          if (digest.isPresent()) {
            transport.broadcast(digest.get().encode());
            pushes++;
          }
          lastSequence = sequence;
          lastPush = System.nanoTime();
        }
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        // Storage busy or the terminal closing: try again next tick; close() ends the loop.
        sleepQuietly();
      }
    }
  }

  private void sleepQuietly() {
    try {
      Thread.sleep(pollInterval.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    transport.close();
  }
}
