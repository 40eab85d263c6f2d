package io.aloft.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool and schema. Every pool and timeout setting is set here explicitly rather
 * than left to HikariCP's defaults, and the schema is migrated by Flyway before the pool is used.
 */
public final class Database implements AutoCloseable {
  /** Two cores: a small pool keeps PostgreSQL from thrashing; requests queue in Hikari instead. */
  private static final int POOL_SIZE = 8;
  private static final long CONNECTION_TIMEOUT_MS = 10_000;
  private static final long VALIDATION_TIMEOUT_MS = 3_000;
  private static final long MAX_LIFETIME_MS = 30 * 60_000;
  private static final long IDLE_TIMEOUT_MS = 10 * 60_000;

  private final HikariDataSource dataSource;

  private Database(HikariDataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Opens a pool on {@code jdbcUrl} and applies every pending migration. */
  public static Database open(String jdbcUrl, String user, String password, MeterRegistry metrics) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (user != null) {
      config.setUsername(user);
    }
    if (password != null) {
      config.setPassword(password);
    }
    config.setPoolName("aloft");
    config.setMaximumPoolSize(POOL_SIZE);
    config.setMinimumIdle(2);
    config.setConnectionTimeout(CONNECTION_TIMEOUT_MS);
    config.setValidationTimeout(VALIDATION_TIMEOUT_MS);
    config.setMaxLifetime(MAX_LIFETIME_MS);
    config.setIdleTimeout(IDLE_TIMEOUT_MS);
    config.setAutoCommit(false);
    config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
    // A statement that runs away must not hold a connection for ever.
    config.addDataSourceProperty("options", "-c statement_timeout=15000 -c lock_timeout=5000");
    // Batched inserts travel as multi-row INSERTs: settlement writes a batch in a few round trips.
    config.addDataSourceProperty("reWriteBatchedInserts", "true");
    config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(metrics));
    HikariDataSource dataSource = new HikariDataSource(config);
    try {
      migrate(dataSource);
    } catch (RuntimeException e) {
      dataSource.close();
      throw e;
    }
    return new Database(dataSource);
  }

  private static void migrate(DataSource dataSource) {
    Flyway.configure()
        .dataSource(dataSource)
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load()
        .migrate();
  }

  public DataSource dataSource() {
    return dataSource;
  }

  /** Work that runs inside one transaction. */
  @FunctionalInterface
  public interface TransactionWork<T> {
    T run(Connection connection) throws SQLException;
  }

  /**
   * Runs {@code work} in a transaction: committed if it returns, rolled back if it throws.
   * SQL failures surface as {@link DatabaseException}, an unexpected condition, never a caller error.
   */
  public <T> T inTransaction(TransactionWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException | Error e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new DatabaseException(e);
    }
  }

  @Override
  public void close() {
    dataSource.close();
  }
}
