package io.aloft.simulation.support;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.FxRate;
import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import io.aloft.server.SharedPostgres;
import io.aloft.server.http.Json;
import io.aloft.testkit.Api;
import io.aloft.testkit.Seeded;
import io.aloft.testkit.TempDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A real Aloft server on its own database of the shared test PostgreSQL ({@link SharedPostgres}),
 * with injected clock, randomness and issuer key, that can be killed and started again on the same
 * data. The kill is
 * in-process but abrupt where it matters: the server's database sessions are terminated first,
 * so a transaction in flight dies wherever it had got to, as it would with the process; then
 * HTTP, the pool and every in-memory state go.
 */
public final class SimServer implements AutoCloseable {
  public static final String ADMIN_KEY = "sim-admin-key-0123456789abcdef";

  private final String database;
  private final Path dataDirectory;
  private final Clock clock;
  private final long seed;
  private final SoftwareSigner issuerKey;
  private AloftServer server;
  private int starts;

  public SimServer(Clock clock, long seed) {
    this.database = SharedPostgres.postgres().createDatabase(SharedPostgres.migratedTemplate());
    this.dataDirectory = TempDirectories.create("aloft-sim-server");
    this.clock = clock;
    this.seed = seed;
    byte[] key = new byte[32];
    new java.util.SplittableRandom(seed).nextBytes(key);
    this.issuerKey = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Bytes.of(key));
    start();
  }

  public void start() {
    if (server != null) {
      throw new IllegalStateException("already running");
    }
    try {
      server = AloftServer.start(config());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    starts++;
  }

  /**
   * Kills the server mid-whatever: its database sessions are terminated (open transactions roll
   * back from wherever they were), then it stops. The database keeps only what had committed.
   */
  public void kill() {
    SharedPostgres.postgres().terminateSessions(database);
    stop();
  }

  /** Stops HTTP, the pool and everything in flight; the database keeps what was committed. */
  public void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  public boolean running() {
    return server != null;
  }

  public Api api() {
    return new Api(server.baseUrl(), Json.mapper());
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  public String jdbcUrl() {
    return SharedPostgres.postgres().applicationUrl(database);
  }

  public SoftwareSigner issuerKey() {
    return issuerKey;
  }

  private ServerConfig config() {
    ServerConfig config = ServerConfig.defaults()
        .withPort(0)
        .withDataDirectory(dataDirectory)
        .withDatabase(jdbcUrl(), null, null)
        .withAdminKey(ADMIN_KEY)
        .withIssuerKeys(Map.of(1, issuerKey))
        .withFxRates(List.of(new FxRate(CurrencyUnit.of("EUR"), CurrencyUnit.of("CNY"), 7_800_000_000L)))
        .withClock(clock);
    return withRandom(config, Seeded.secureRandom(seed * 31 + starts));
  }

  /**
   * The configuration with a seeded random, so tokens and serials replay with the run. Set through
   * the record's components because ServerConfig has no {@code withRandom} yet.
   */
  private static ServerConfig withRandom(ServerConfig config, SecureRandom random) {
    try {
      RecordComponent[] components = ServerConfig.class.getRecordComponents();
      Object[] values = new Object[components.length];
      Class<?>[] types = new Class<?>[components.length];
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        values[i] = components[i].getName().equals("random") ? random : components[i].getAccessor().invoke(config);
      }
      return ServerConfig.class.getDeclaredConstructor(types).newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set ServerConfig.random", e);
    }
  }

  @Override
  public void close() {
    stop();
    SharedPostgres.postgres().drop(database);
    TempDirectories.delete(dataDirectory);
  }
}
