package io.aloft.terminal.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * Copies the write-ahead log into the database file (a PASSIVE checkpoint) on a thread and a
 * connection of its own, so that the commit of a sale never does it: a checkpoint writes pages
 * to the database file and waits for that file's fsync, milliseconds a sale would otherwise wait
 * for.
 *
 * <p>A checkpoint runs once no commit came for {@link #IDLE_MS} ms (a crew member scans a few codes a
 * minute, so it runs between sales), and during an unbroken run of sales after every
 * {@link #COMMITS_PER_CHECKPOINT} commits. A PASSIVE checkpoint never blocks the writer: it copies
 * what was committed when it began and leaves newer frames to the next one. Once a checkpoint has
 * copied every frame, the next commit writes the log from its start again, so between sales the
 * log stays as large as one run of sales. What bounds it during an unbroken run, when the
 * checkpoints never quite catch up, is the writer's own {@code wal_autocheckpoint} (see
 * {@link SqliteStorage#WAL_BOUND_PAGES}).
 *
 * <p>Durability does not depend on this class: every commit is in the fsynced log before it
 * returns, a checkpoint fsyncs the log before copying and the database file before marking the
 * frames copied, and a crash at any moment leaves the log to be replayed at the next open. A
 * checkpoint that fails (disk full, I/O error) is tried again at the next occasion; its error is
 * kept for {@link #lastFailure()}.
 */
final class WalCheckpointer implements AutoCloseable {
  /** A checkpoint runs once no commit came for this long. */
  static final long IDLE_MS = 200;
  /** During an unbroken run of sales, a checkpoint runs after this many commits. */
  static final int COMMITS_PER_CHECKPOINT = 256;

  private final Connection connection;
  private final long idleMs;
  private final Thread thread;
  private final Object lock = new Object();
  // Guarded by lock.
  private int commitsSinceCheckpoint;
  private long lastCommitNanos;
  private boolean closed;
  private volatile long checkpoints;
  private volatile SQLException lastFailure;

  private WalCheckpointer(Connection connection, long idleMs, String name) {
    this.connection = connection;
    this.idleMs = idleMs;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
  }

  /**
   * Opens a second connection to {@code file} (already in WAL mode) and starts the thread, which
   * checkpoints once no commit came for {@code idleMs} ({@link #IDLE_MS} but in tests).
   */
  static WalCheckpointer start(Path file, long idleMs) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    try (Statement statement = connection.createStatement()) {
      // The checkpoint fsyncs the log before copying it and the database file after.
      statement.execute("PRAGMA synchronous = FULL");
      // This connection never writes, so it never checkpoints on a commit of its own.
      statement.execute("PRAGMA wal_autocheckpoint = 0");
    } catch (SQLException e) {
      connection.close();
      throw e;
    }
    WalCheckpointer checkpointer = new WalCheckpointer(connection, idleMs, "aloft-wal-checkpoint " + file.getFileName());
    checkpointer.thread.start();
    return checkpointer;
  }

  /** Called by the writer after each COMMIT; it only counts and, now and then, wakes the thread. */
  void committed() {
    synchronized (lock) {
      commitsSinceCheckpoint++;
      lastCommitNanos = System.nanoTime();
      if (commitsSinceCheckpoint == 1 || commitsSinceCheckpoint >= COMMITS_PER_CHECKPOINT) {
        lock.notifyAll();
      }
    }
  }

  /** How many checkpoints this thread has run. */
  long checkpoints() {
    return checkpoints;
  }

  /** The error of the last checkpoint that failed, or null. */
  SQLException lastFailure() {
    return lastFailure;
  }

  private void run() {
    while (awaitDue()) {
      checkpoint();
    }
  }

  /** Waits until a checkpoint is due; false once closed. */
  private boolean awaitDue() {
    synchronized (lock) {
      try {
        while (!closed) {
          if (commitsSinceCheckpoint >= COMMITS_PER_CHECKPOINT) {
            break;
          }
          if (commitsSinceCheckpoint == 0) {
            lock.wait();
            continue;
          }
          long idleNanos = System.nanoTime() - lastCommitNanos;
          long leftMs = idleMs - TimeUnit.NANOSECONDS.toMillis(idleNanos);
          if (leftMs <= 0) {
            break;
          }
          lock.wait(leftMs);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      commitsSinceCheckpoint = 0;
      return !closed;
    }
  }

  private void checkpoint() {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
      result.next();
      checkpoints++;
    } catch (SQLException e) {
      lastFailure = e;
    }
  }

  /** Stops the thread (letting a running checkpoint finish) and closes its connection. */
  @Override
  public void close() throws SQLException {
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
    }
    boolean interrupted = false;
    while (thread.isAlive()) {
      try {
        thread.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    connection.close();
  }
}
