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
 */
public final class SqliteStorage implements TerminalStorage {
  private final Connection connection;
  private final SqliteJournal journal;
  private final SqliteStore store;

  private SqliteStorage(Connection connection) {
    this.connection = connection;
    this.journal = new SqliteJournal(this);
    this.store = new SqliteStore(this);
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
    Connection connection = DeviceDatabase.open(file, Schema.MIGRATIONS);
    try {
      return new SqliteStorage(connection);
    } catch (RuntimeException e) {
      try {
        connection.close();
      } catch (SQLException closeFailure) {
        e.addSuppressed(closeFailure);
      }
      throw e;
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

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StorageException("cannot close terminal database", e);
    }
  }
}
