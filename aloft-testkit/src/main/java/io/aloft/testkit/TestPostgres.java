package io.aloft.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * One PostgreSQL for a whole test JVM, started on first use and stopped (its data folder
 * deleted) by a shutdown hook; each test gets databases of its own in it, so tests never see each
 * other's rows and the suite pays for initdb once. Hold one instance per JVM in a static field.
 * Durability is off ({@link #SETTINGS}): these databases are thrown away, and the tests that kill
 * a server kill the server, never PostgreSQL.
 */
public final class TestPostgres {
  /** Fast settings for throwaway databases, and room for many pools at once. */
  public static final Map<String, String> SETTINGS = Map.of(
      "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off", "max_connections", "300");
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final PostgresCluster.Launcher launcher;
  private final Set<String> templates = new HashSet<>();
  private PostgresCluster cluster;
  private int databases;

  /** A PostgreSQL that {@code launcher} starts on first use. */
  public TestPostgres(PostgresCluster.Launcher launcher) {
    this.launcher = launcher;
  }

  /** The running cluster; starts it on first use. */
  public synchronized PostgresCluster cluster() {
    if (cluster == null) {
      Path data = TempDirectories.create("aloft-test-pg");
      try {
        cluster = launcher.start(data.resolve("pgdata"), SETTINGS);
      } catch (IOException e) {
        TempDirectories.delete(data);
        throw new UncheckedIOException("cannot start the test PostgreSQL", e);
      }
      PostgresCluster started = cluster;
      // Stop first, then remove the data folder (tens of MB per test JVM).
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        started.close();
        TempDirectories.delete(data);
      }, "test-postgres-cleanup"));
    }
    return cluster;
  }

  /** A new empty database owned by the application role; returns its name. */
  public String createDatabase() {
    String name = nextName();
    execute("CREATE DATABASE " + name + " OWNER " + cluster().applicationRole());
    return name;
  }

  /** A new database copied from {@code template} (see {@link #template}); returns its name. */
  public String createDatabase(String template) {
    String name = nextName();
    execute("CREATE DATABASE " + name + " TEMPLATE " + checked(template) + " OWNER " + cluster().applicationRole());
    return name;
  }

  /**
   * The template database {@code name}, made once per JVM: created empty, then {@code prepare}
   * runs on the application role's JDBC URL for it (migrations, for one). Copying a template is
   * a file copy, far cheaper than migrating each database.
   */
  public synchronized String template(String name, Consumer<String> prepare) {
    if (!templates.contains(checked(name))) {
      execute("CREATE DATABASE " + name + " OWNER " + cluster().applicationRole());
      prepare.accept(applicationUrl(name));
      templates.add(name);
    }
    return name;
  }

  /** A JDBC URL that logs in to {@code database} as the application role (credentials in it). */
  public String applicationUrl(String database) {
    return cluster().applicationUrl(checked(database));
  }

  /** Drops {@code database}, ending any session still on it. */
  public void drop(String database) {
    execute("DROP DATABASE IF EXISTS " + checked(database) + " WITH (FORCE)");
  }

  /**
   * Terminates every session on {@code database}, as PostgreSQL sees a client process die: each
   * open transaction rolls back from wherever it had got to; what committed stays.
   */
  public void terminateSessions(String database) {
    execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + checked(database) + "'"
        + " AND pid <> pg_backend_pid()");
  }

  private synchronized String nextName() {
    return "test_" + ProcessHandle.current().pid() + "_" + ++databases;
  }

  private static String checked(String database) {
    if (!NAME.matcher(database).matches()) {
      throw new IllegalArgumentException("not a test database name: " + database);
    }
    return database;
  }

  private void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(cluster().superuserUrl("postgres"));
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
