package io.aloft.cli;

import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import io.aloft.server.SharedPostgres;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Servers for the CLI's tests, each on a fresh database in the one embedded PostgreSQL per test
 * JVM that the server's tests share ({@link SharedPostgres}), so the suite pays for initdb once.
 */
public final class TestDatabases {
  public static final String ADMIN_KEY = "cli-test-admin-key-0123456789";

  private TestDatabases() {}

  /** An empty database in the server tests' shared embedded PostgreSQL; its JDBC URL. */
  public static String fresh() {
    return SharedPostgres.freshDatabase();
  }

  /** A server on a fresh database, any free port, the test admin key. */
  public static AloftServer server(Path dataDirectory) throws IOException {
    return AloftServer.start(ServerConfig.defaults().withPort(0).withDataDirectory(dataDirectory)
        .withDatabase(fresh(), null, null).withAdminKey(ADMIN_KEY));
  }
}
