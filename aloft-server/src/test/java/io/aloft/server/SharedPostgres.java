package io.aloft.server;

import io.aloft.server.db.Database;
import io.aloft.server.db.EmbeddedPostgres;
import io.aloft.testkit.PostgresCluster;
import io.aloft.testkit.TestPostgres;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The test kit's one PostgreSQL per test JVM ({@link TestPostgres}), run by the server's own
 * embedded PostgreSQL: the same binaries, roles and login rules as {@code aloft serve}.
 */
public final class SharedPostgres {
  /** The kit's settings for throwaway databases, for tests that start a server's own embedded one. */
  public static final Map<String, String> TEST_SETTINGS = TestPostgres.SETTINGS;
  private static final TestPostgres POSTGRES = new TestPostgres(SharedPostgres::launch);
  private static final String MIGRATED = "aloft_migrated_template";

  private SharedPostgres() {}

  /** The shared PostgreSQL, for tests that make, clone, drop or cut off databases themselves. */
  public static TestPostgres postgres() {
    return POSTGRES;
  }

  /**
   * Creates an empty database owned by the application role and returns a JDBC URL that logs in
   * as the application role (user and password in the URL), as the server does.
   */
  public static String freshDatabase() {
    return POSTGRES.applicationUrl(POSTGRES.createDatabase());
  }

  /**
   * The name of a template database that holds the server's schema (its migrations run once per
   * JVM, as the server's role, which then owns the schema in every copy); for
   * {@code postgres().createDatabase(migratedTemplate())}.
   */
  public static String migratedTemplate() {
    return POSTGRES.template(MIGRATED, url -> Database.open(url, null, null, new SimpleMeterRegistry()).close());
  }

  /** The server's embedded PostgreSQL under the shared one, for tests of its logins and files. */
  public static EmbeddedPostgres instance() {
    return ((Embedded) POSTGRES.cluster()).postgres();
  }

  private static PostgresCluster launch(Path data, Map<String, String> settings) throws IOException {
    return new Embedded(EmbeddedPostgres.start(data, ServerConfig.defaults().binaryCache(), settings));
  }

  private record Embedded(EmbeddedPostgres postgres) implements PostgresCluster {
    @Override
    public String superuserUrl(String database) {
      return postgres.jdbcUrl(database, postgres.superuser());
    }

    @Override
    public String applicationUrl(String database) {
      return postgres.jdbcUrl(database, postgres.application());
    }

    @Override
    public String applicationRole() {
      return postgres.application().user();
    }

    @Override
    public void close() {
      postgres.close();
    }
  }
}
