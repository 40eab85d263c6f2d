package io.aloft.cli;

import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
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
 * One real embedded PostgreSQL per test JVM, started on first use; every server or demo in the
 * tests gets a fresh database in it, so the suite pays for initdb once. fsync is off: these
 * databases are thrown away.
 */
public final class TestDatabases {
  public static final String ADMIN_KEY = "cli-test-admin-key-0123456789";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static EmbeddedPostgres postgres;

  private TestDatabases() {}

  private static synchronized EmbeddedPostgres instance() {
    if (postgres == null) {
      try {
        Path data = Files.createTempDirectory("aloft-cli-test-pg-");
        postgres = EmbeddedPostgres.start(data.resolve("pgdata"), ServerConfig.defaults().binaryCache(),
            Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off", "max_connections", "200"));
        EmbeddedPostgres started = postgres;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          started.close();
          TestFiles.deleteTree(data);
        }, "cli-test-postgres-cleanup"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return postgres;
  }

  /** An empty database; its JDBC URL. */
  public static String fresh() {
    EmbeddedPostgres pg = instance();
    String name = "cli_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
    try (Connection connection = DriverManager.getConnection(pg.jdbcUrl("postgres"));
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create test database " + name, e);
    }
    return pg.jdbcUrl(name);
  }

  /** A server on a fresh database, any free port, the test admin key. */
  public static AloftServer server(Path dataDirectory) throws IOException {
    return AloftServer.start(ServerConfig.defaults().withPort(0).withDataDirectory(dataDirectory)
        .withDatabase(fresh(), null, null).withAdminKey(ADMIN_KEY));
  }
}
