package io.aloft.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Cli;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.http.ApiClient;
import io.aloft.server.AloftServer;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What the console's browser tests look at: a server on its own fresh database that has flown
 * the demo flight (seed 42, airline 1) through the CLI and the SDKs, and a second airline,
 * "Other Air" (ZZ, EUR), that owns nothing of it.
 */
final class DemoFlightServer implements AutoCloseable {
  /** The demo flight's airline. */
  static final long DEMO_AIRLINE = 1;

  final String base;
  final ApiClient admin;
  final long otherAirlineId;
  final String otherAirlineKey;
  private final Path dir;
  private final AloftServer server;

  private DemoFlightServer(Path dir, AloftServer server, JsonNode otherAirline) {
    this.dir = dir;
    this.server = server;
    this.base = server.baseUrl();
    this.admin = new ApiClient(base, Optional.of(TestDatabases.ADMIN_KEY));
    this.otherAirlineId = otherAirline.at("/airline/id").asLong();
    this.otherAirlineKey = otherAirline.get("merchantApiKey").asText();
  }

  /** Starts a server and flies the demo flight with {@code passengers} passengers on it. */
  static DemoFlightServer fly(int passengers) throws Exception {
    Path dir = Files.createTempDirectory("aloft-console-");
    AloftServer server = TestDatabases.server(dir.resolve("server"));
    try {
      Path adminKeyFile = Files.writeString(dir.resolve("admin-key"), TestDatabases.ADMIN_KEY);
      Cli.Result demo = Cli.run("demo", "--server", server.baseUrl(), "--admin-key-file", adminKeyFile.toString(),
          "--seed", "42", "--quiet", "--passengers", String.valueOf(passengers), "--terminals", "2");
      assertThat(demo.exitCode()).as(demo.toString()).isZero();
      JsonNode other = new ApiClient(server.baseUrl(), Optional.of(TestDatabases.ADMIN_KEY))
          .post("/v1/airlines", Map.of("code", "ZZ", "name", "Other Air", "currency", "EUR"));
      return new DemoFlightServer(dir, server, other);
    } catch (Exception | AssertionError e) {
      server.close();
      TempDirectories.delete(dir);
      throw e;
    }
  }

  /** The API as the other airline. */
  ApiClient otherAirline() {
    return new ApiClient(base, Optional.of(otherAirlineKey));
  }

  @Override
  public void close() {
    server.close();
    TempDirectories.delete(dir);
  }
}
