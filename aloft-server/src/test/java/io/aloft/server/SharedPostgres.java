package io.aloft.server;

import io.aloft.server.db.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real embedded PostgreSQL per test JVM, started on first use and stopped by its shutdown
 * hook; each test class gets a fresh database in it, so classes never see each other's rows and
 * the suite pays for initdb once. fsync is off: these databases are thrown away.
 */
public final class SharedPostgres {
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private SharedPostgres() {}

  /** Fast settings for throwaway test databases. */
  public static final Map<String, String> TEST_SETTINGS = Map.of(
      "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off", "max_connections", "200");

  public static synchronized EmbeddedPostgres instance() {
    if (postgres == null) {
      try {
        Path data = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "aloft-test-pg-");
        postgres = EmbeddedPostgres.start(data.resolve("pgdata"), ServerConfig.defaults().binaryCache(), TEST_SETTINGS);
        // Stop first, then remove the throwaway data folder (tens of MB per test JVM).
        EmbeddedPostgres started = postgres;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          started.close();
          TestFiles.deleteTree(data);
        }, "test-postgres-cleanup"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return postgres;
  }

  /**
   * Creates an empty database owned by the application role, as the superuser, and returns a JDBC
   * URL that logs in as the application role (user and password in the URL), as the server does.
   */
  public static String freshDatabase() {
    EmbeddedPostgres pg = instance();
    String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(pg.jdbcUrl("postgres", pg.superuser()));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " OWNER " + pg.application().user());
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return pg.jdbcUrl(name, pg.application());
  }
}
