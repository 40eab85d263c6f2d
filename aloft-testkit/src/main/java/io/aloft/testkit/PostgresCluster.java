package io.aloft.testkit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A running PostgreSQL, as {@link TestPostgres} needs it: a superuser to create and drop
 * databases, and the role the application logs in as, which owns them. The kit starts no
 * PostgreSQL itself; the server's tests adapt the server's embedded one to this.
 */
public interface PostgresCluster extends AutoCloseable {
  /** A JDBC URL for {@code database} with the superuser's credentials in it. */
  String superuserUrl(String database);

  /** A JDBC URL for {@code database} with the application role's credentials in it. */
  String applicationUrl(String database);

  /** The application role's name. */
  String applicationRole();

  /** Stops PostgreSQL. */
  @Override
  void close();

  /** Starts a cluster on a new data folder with these server settings ({@code -c key=value}). */
  @FunctionalInterface
  interface Launcher {
    PostgresCluster start(Path dataDirectory, Map<String, String> settings) throws IOException;
  }
}
