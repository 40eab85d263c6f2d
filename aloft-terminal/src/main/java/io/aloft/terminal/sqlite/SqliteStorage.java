package io.aloft.terminal.sqlite;

import io.aloft.protocol.sqlite.DeviceDatabase;
import io.aloft.protocol.sqlite.StorageException;
import io.aloft.terminal.TerminalStorage;
import io.aloft.terminal.cabin.CabinStore;
import io.aloft.terminal.journal.Journal;
import io.aloft.terminal.sale.RequestStore;
import io.aloft.terminal.trust.BundleStore;
import io.aloft.terminal.upload.UploadLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The terminal's storage in one SQLite file through JDBC (xerial sqlite-jdbc), on one connection
 * owned by one terminal. Not thread-safe: {@link io.aloft.terminal.Terminal} serialises calls.
 *
 * <p>{@link DeviceDatabase} opens the file with its durability settings set explicitly and read
 * back: WAL journal mode with {@code synchronous=FULL}, so every COMMIT is fsynced to the
 * write-ahead log before it returns and survives a process kill or power loss (given a device
 * that honours fsync). Writes happen inside {@code BEGIN IMMEDIATE … COMMIT} issued by this class.
 *
 * <p>Checkpoints (copying the log into the database file) run off the commit path, on the
 * {@link WalCheckpointer}'s thread and connection; a commit does one only when the log has
 * reached {@link #WAL_BOUND_PAGES}.
 */
public final class SqliteStorage implements TerminalStorage {
  /**
   * The log's bound, in pages (about 40 MB at SQLite's 4 KiB pages): only when the
   * {@link WalCheckpointer} cannot catch up (an unbroken run of thousands of sales, or failing
   * checkpoints) does a commit reach it, and that commit checkpoints before it returns.
   */
  static final int WAL_BOUND_PAGES = 10_000;

  private final Connection connection;
  private final SqliteJournal journal;
  private final SqliteStore store;
  private final WalCheckpointer checkpointer;

  private SqliteStorage(Connection connection, Path file, long checkpointIdleMs) throws SQLException {
    this.connection = connection;
    configureCheckpoints(connection);
    this.journal = new SqliteJournal(this);
    this.store = new SqliteStore(this);
    this.checkpointer = WalCheckpointer.start(file, checkpointIdleMs);
  }

  /**
   * Opens (creating if absent) the database file at {@code file} with {@link DeviceDatabase}
   * (which holds the durability settings), bringing its schema to the version this code writes in
   * one transaction.
   *
   * @throws io.aloft.protocol.sqlite.SchemaTooNewException if a newer version of the app wrote
   *     the file; it is left untouched
   * @throws StorageException if the file cannot be opened or upgraded
   */
  public static SqliteStorage open(Path file) {
    return open(file, WalCheckpointer.IDLE_MS);
  }

  /** As {@link #open(Path)}, with the checkpointer's idle time set (tests). */
  static SqliteStorage open(Path file, long checkpointIdleMs) {
    Connection connection = DeviceDatabase.open(file, Schema.MIGRATIONS);
    try {
      return new SqliteStorage(connection, file, checkpointIdleMs);
    } catch (SQLException e) {
      try {
        connection.close();
      } catch (SQLException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw new StorageException("cannot open terminal database " + file, e);
    } catch (RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
    }
  }

  /** The writer checkpoints only at the log's bound; the {@link WalCheckpointer} does the rest. */
  private static void configureCheckpoints(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA wal_autocheckpoint = " + WAL_BOUND_PAGES);
      try (java.sql.ResultSet result = statement.executeQuery("PRAGMA wal_autocheckpoint")) {
        int actual = result.next() ? result.getInt(1) : -1;
        if (actual != WAL_BOUND_PAGES) {
          throw new SQLException("PRAGMA wal_autocheckpoint gave " + actual + ", need " + WAL_BOUND_PAGES);
        }
      }
    }
  }

  @Override
  public Journal journal() {
    return journal;
  }

  @Override
  public BundleStore bundles() {
    return store;
  }

  @Override
  public RequestStore requests() {
    return store;
  }

  @Override
  public UploadLog uploads() {
    return store;
  }

  @Override
  public CabinStore cabin() {
    return store;
  }

  PreparedStatement prepare(String sql) {
    try {
      return connection.prepareStatement(sql);
    } catch (SQLException e) {
      throw new StorageException("cannot prepare " + sql, e);
    }
  }

  interface Work {
    void run() throws SQLException;
  }

  /**
   * Runs {@code work} in one write transaction and returns only after COMMIT succeeded. Any
   * failure rolls back and is rethrown: nothing of {@code work} is then stored.
   */
  void inTransaction(String what, Work work) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        work.run();
        statement.execute("COMMIT");
        checkpointer.committed();
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(statement, e);
        throw e;
      }
    } catch (SQLException e) {
      throw new StorageException("cannot " + what, e);
    }
  }

  private static void rollbackQuietly(Statement statement, Throwable cause) {
    try {
      statement.execute("ROLLBACK");
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }

  /** Checkpoints run by the checkpointer's thread so far. */
  long checkpoints() {
    return checkpointer.checkpoints();
  }

  /** Stops the checkpointer's thread first, so that the writer's connection is the last to close. */
  @Override
  public void close() {
    try (connection) {
      checkpointer.close();
    } catch (SQLException e) {
      throw new StorageException("cannot close terminal database", e);
    }
  }
}
