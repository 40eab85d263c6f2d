package io.aloft.cli.demo;

import io.aloft.cli.http.ApiClient;
import io.aloft.cli.http.IssuerApi;
import io.aloft.flight.FlightRandom;
import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The server a demo flight runs against: one it starts itself on the simulated clock (embedded
 * PostgreSQL in the work folder, or a database URL), or one already running.
 */
final class DemoServer implements AutoCloseable {
  /** Throwaway databases: durability settings off for speed, as the server's own tests do. */
  private static final Map<String, String> THROWAWAY_SETTINGS = Map.of(
      "fsync", "off", "synchronous_commit", "off", "full_page_writes", "off");

  private final Optional<AloftServer> owned;
  private final IssuerApi admin;
  private final String adminKey;

  private DemoServer(Optional<AloftServer> owned, IssuerApi admin, String adminKey) {
    this.owned = owned;
    this.admin = admin;
    this.adminKey = adminKey;
  }

  static DemoServer start(Path dataDirectory, Optional<String> databaseUrl, Clock clock, FlightRandom random)
      throws IOException {
    byte[] key = new byte[32];
    random.forDevice("admin-key").nextBytes(key);
    String adminKey = "demo-admin-" + HexFormat.of().formatHex(key);
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDirectory(dataDirectory).withAdminKey(adminKey)
        .withClock(clock).withEmbeddedSettings(THROWAWAY_SETTINGS);
    if (databaseUrl.isPresent()) {
      config = config.withDatabase(databaseUrl.get(), null, null);
    }
    AloftServer server = AloftServer.start(config);
    return new DemoServer(Optional.of(server), new IssuerApi(new ApiClient(server.baseUrl(), Optional.of(adminKey))),
        adminKey);
  }

  static DemoServer connect(String baseUrl, String adminKey) {
    return new DemoServer(Optional.empty(), new IssuerApi(new ApiClient(baseUrl, Optional.of(adminKey))), adminKey);
  }

  /** The server as its operator. */
  IssuerApi admin() {
    return admin;
  }

  /** The same server with another secret (an airline's, a wallet's). */
  IssuerApi as(String secret) {
    return new IssuerApi(admin.client().as(secret));
  }

  String baseUrl() {
    return admin.client().baseUrl();
  }

  /** The operator's key for this server. */
  String adminKey() {
    return adminKey;
  }

  /** Whether the demo started this server (and so controls its clock). */
  boolean isOwned() {
    return owned.isPresent();
  }

  @Override
  public void close() {
    owned.ifPresent(AloftServer::close);
  }
}
