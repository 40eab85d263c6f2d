package io.aloft.simulation.support;

import io.aloft.server.ServerConfig;
import io.aloft.server.db.Database;
import io.aloft.server.db.EmbeddedPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real embedded PostgreSQL per test JVM, and a migrated template database that every flight
 * clones: {@code CREATE DATABASE … TEMPLATE} copies files, far cheaper than migrating each time.
 * fsync is off because these databases are thrown away; the simulator kills the Aloft server,
 * never PostgreSQL, so durability of PostgreSQL itself is not what these runs test.
 */
public final class SimPostgres {
  private static final String TEMPLATE = "aloft_sim_template";
  private static final Map<String, String> SETTINGS = Map.of(
      "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off", "max_connections", "300");
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private SimPostgres() {}

  private static synchronized EmbeddedPostgres instance() {
    if (postgres == null) {
      Path data = TempDirectories.create("aloft-sim-pg");
      try {
        postgres = EmbeddedPostgres.start(data.resolve("pgdata"), ServerConfig.defaults().binaryCache(), SETTINGS);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        started.close();
        TempDirectories.delete(data);
      }, "sim-postgres-cleanup"));
      execute("CREATE DATABASE " + TEMPLATE + " OWNER " + postgres.application().user());
      // Database.open runs the server's Flyway migrations as the server's role, which then owns
      // the schema in the template and in every clone.
      Database.open(jdbcUrl(TEMPLATE), null, null, new SimpleMeterRegistry()).close();
    }
    return postgres;
  }

  /** A new database with the server's schema and no rows; returns its name. */
  public static String freshDatabase() {
    instance();
    String name = "sim_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE + " OWNER " + postgres.application().user());
    return name;
  }

  /** A JDBC URL that logs in to {@code database} as the server's role, as the server does. */
  public static String jdbcUrl(String database) {
    EmbeddedPostgres pg = instance();
    return pg.jdbcUrl(database, pg.application());
  }

  /** Drops a database once no server uses it any more. */
  public static void drop(String database) {
    execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
  }

  /**
   * Terminates every session on {@code database}, as PostgreSQL sees a client process die: each
   * open transaction rolls back from wherever it had got to; what committed stays.
   */
  public static void terminateSessions(String database) {
    if (!database.matches("[a-z0-9_]+")) {
      throw new IllegalArgumentException("not a simulator database name: " + database);
    }
    execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "'"
        + " AND pid <> pg_backend_pid()");
  }

  private static void execute(String sql) {
    try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("postgres", postgres.superuser()));
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }
}
