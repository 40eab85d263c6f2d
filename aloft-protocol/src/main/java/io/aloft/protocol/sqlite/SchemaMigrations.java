package io.aloft.protocol.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;

/**
 * The schema versions of a device's SQLite database, as an ordered list of steps: step {@code n}
 * takes the schema from version {@code n − 1} to version {@code n}. The version a file is at is
 * SQLite's {@code PRAGMA user_version}, 0 in a new file.
 *
 * <p>{@link #migrate} runs every step the file lacks and sets the version in one
 * {@code BEGIN IMMEDIATE} transaction: another connection waits for it, and a crash or a failing
 * step leaves the file exactly as it was. A file at a version newer than the last step is refused
 * with {@link SchemaTooNewException} and left untouched, so older code never writes a schema it
 * does not know.
 *
 * <p>A step, once released, is never edited: a schema change is a new step at the end.
 */
public final class SchemaMigrations {
  /** One step, run inside the migration's transaction. */
  @FunctionalInterface
  public interface Step {
    void apply(Statement statement) throws SQLException;
  }

  private final String database;
  private final List<Step> steps;

  /**
   * @param database what the file is, for messages ("terminal database")
   * @param steps step 1 first; at least one
   */
  public SchemaMigrations(String database, List<Step> steps) {
    if (database == null || database.isEmpty()) {
      throw new IllegalArgumentException("database must be named");
    }
    if (steps == null || steps.isEmpty()) {
      throw new IllegalArgumentException("a schema needs at least one step");
    }
    this.database = database;
    this.steps = List.copyOf(steps);
  }

  /** A step that runs {@code statements} in order. */
  public static Step sql(String... statements) {
    List<String> copy = Arrays.asList(statements.clone());
    return statement -> {
      for (String sql : copy) {
        statement.execute(sql);
      }
    };
  }

  /** What the file is, for messages ("terminal database"). */
  public String database() {
    return database;
  }

  /** The version the last step brings a file to. */
  public int latestVersion() {
    return steps.size();
  }

  /**
   * Brings the file behind {@code connection} to {@link #latestVersion()}. The connection must be
   * in auto-commit mode (no transaction open); it is again when this returns or throws.
   *
   * @return the version the file was at before
   * @throws SchemaTooNewException if the file is at a newer version; nothing is changed then
   * @throws SQLException if a step fails; nothing is changed then
   */
  public int migrate(Connection connection) throws SQLException {
    if (!connection.getAutoCommit()) {
      throw new IllegalArgumentException("migrate needs a connection in auto-commit mode");
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        int found = userVersion(statement);
        if (found < 0) {
          throw new IllegalStateException(database + " has schema version " + found + ": not a file this code made");
        }
        if (found > latestVersion()) {
          throw new SchemaTooNewException(database, found, latestVersion());
        }
        for (int version = found + 1; version <= latestVersion(); version++) {
          steps.get(version - 1).apply(statement);
        }
        if (found != latestVersion()) {
          statement.execute("PRAGMA user_version = " + latestVersion());
        }
        statement.execute("COMMIT");
        return found;
      } catch (SQLException | RuntimeException | Error e) {
        rollbackQuietly(statement, e);
        throw e;
      }
    }
  }

  /** The version the file is at: SQLite's {@code user_version}. */
  public static int userVersion(Statement statement) throws SQLException {
    try (ResultSet row = statement.executeQuery("PRAGMA user_version")) {
      if (!row.next()) {
        throw new SQLException("PRAGMA user_version gave no row");
      }
      return row.getInt(1);
    }
  }

  private static void rollbackQuietly(Statement statement, Throwable cause) {
    try {
      statement.execute("ROLLBACK");
    } catch (SQLException rollbackFailure) {
      cause.addSuppressed(rollbackFailure);
    }
  }
}
