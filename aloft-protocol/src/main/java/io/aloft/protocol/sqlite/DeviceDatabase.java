package io.aloft.protocol.sqlite;

import io.aloft.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens a device's SQLite file through JDBC (xerial sqlite-jdbc, which the SDK modules bring), the one way the terminal and
 * the wallet both do: created mode 600, the durability settings set explicitly and read back, and
 * the schema brought to the latest version.
 *
 * <p>The settings: WAL journal mode with {@code synchronous=FULL}, so every COMMIT is fsynced to
 * the write-ahead log before it returns and survives a process kill or power loss (given a device
 * that honours fsync); a busy timeout of {@value #BUSY_TIMEOUT_MS} ms for another connection's
 * lock (a support tool reading the file); foreign keys enforced. A transaction the driver opens
 * (auto-commit off) begins IMMEDIATE, taking the write lock at once.
 */
public final class DeviceDatabase {
  /** How long a write waits for another connection's lock. */
  public static final int BUSY_TIMEOUT_MS = 5_000;

  private DeviceDatabase() {}

  /**
   * Opens (creating if absent) the database at {@code file}, in auto-commit mode, with its schema
   * at {@link SchemaMigrations#latestVersion()}; the caller owns and closes the connection.
   *
   * @throws SchemaTooNewException if a newer version of the app wrote the file; it is left untouched
   * @throws StorageException if the file cannot be created, opened, configured or upgraded
   */
  public static Connection open(Path file, SchemaMigrations migrations) {
    String database = migrations.database();
    try {
      // Mode 600 before SQLite first opens it: SQLite gives the -wal and -shm files the same mode.
      PrivateFiles.database(file);
    } catch (IOException e) {
      throw new StorageException("cannot create " + database + " " + file + " readable by its owner only", e);
    }
    // The driver's own setting (sqlite-jdbc's SQLiteConfig), named here so that this module needs
    // only java.sql at compile time.
    Properties driverSettings = new Properties();
    driverSettings.setProperty("transaction_mode", "IMMEDIATE");
    Connection connection;
    try {
      connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath(), driverSettings);
    } catch (SQLException e) {
      throw new StorageException("cannot open " + database + " " + file, e);
    }
    try {
      configure(connection);
      migrations.migrate(connection);
      return connection;
    } catch (SQLException e) {
      closeQuietly(connection, e);
      throw new StorageException("cannot open " + database + " " + file, e);
    } catch (RuntimeException e) {
      closeQuietly(connection, e);
      throw e;
    }
  }

  private static void configure(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA busy_timeout = " + BUSY_TIMEOUT_MS);
      expect(statement, "PRAGMA journal_mode = WAL", "wal");
      statement.execute("PRAGMA synchronous = FULL");
      expect(statement, "PRAGMA synchronous", "2");
      statement.execute("PRAGMA foreign_keys = ON");
      // A checkpoint every ~1000 WAL pages keeps the log short; fsync of the WAL is what matters.
      statement.execute("PRAGMA wal_autocheckpoint = 1000");
    }
    connection.setAutoCommit(true);
  }

  private static void expect(Statement statement, String pragma, String expected) throws SQLException {
    try (ResultSet result = statement.executeQuery(pragma)) {
      String actual = result.next() ? result.getString(1) : null;
      if (!expected.equalsIgnoreCase(actual)) {
        throw new SQLException(pragma + " gave " + actual + ", need " + expected);
      }
    }
  }

  private static void closeQuietly(Connection connection, Exception cause) {
    try {
      connection.close();
    } catch (SQLException closeFailure) {
      cause.addSuppressed(closeFailure);
    }
  }
}
