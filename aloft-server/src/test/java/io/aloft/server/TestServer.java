package io.aloft.server;

import io.aloft.protocol.client.RequestSignature;
import io.aloft.protocol.crypto.Signer;
import io.aloft.server.http.Json;
import io.aloft.testkit.Api;
import io.aloft.testkit.TempDirectories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real server on a fresh database of the shared embedded PostgreSQL, and the test kit's API
 * client for it, with fixtures (accounts, airlines, flights, terminals) and terminal-signed
 * requests. Requests go over loopback like any client's.
 */
public final class TestServer extends Api implements AutoCloseable {
  public static final String ADMIN_KEY = "test-admin-key-0123456789";
  private static final AtomicInteger FLIGHT_NUMBERS = new AtomicInteger(100);

  private final AloftServer server;
  private final Path dataDirectory;
  private final String databaseUrl;

  private TestServer(AloftServer server, Path dataDirectory, String databaseUrl) {
    super(server.baseUrl(), Json.mapper());
    this.server = server;
    this.dataDirectory = dataDirectory;
    this.databaseUrl = databaseUrl;
  }

  private TestServer(String baseUrl) {
    super(baseUrl, Json.mapper());
    this.server = null;
    this.dataDirectory = null;
    this.databaseUrl = null;
  }

  /**
   * Runs one SQL statement on this server's own database, for tests that stage what only a crash
   * leaves behind (a reservation whose request died). Returns the rows changed.
   */
  public int sql(String statement, Object... parameters) {
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(databaseUrl);
        java.sql.PreparedStatement prepared = connection.prepareStatement(statement)) {
      for (int i = 0; i < parameters.length; i++) {
        prepared.setObject(i + 1, parameters[i]);
      }
      return prepared.executeUpdate();
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(statement, e);
    }
  }

  /** The one number {@code query} selects (a count or a sum) on this server's own database. */
  public long number(String query) {
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(databaseUrl);
        java.sql.ResultSet row = connection.createStatement().executeQuery(query)) {
      if (!row.next()) {
        throw new IllegalStateException("no row: " + query);
      }
      return row.getLong(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  /** The one text value {@code query} selects on this server's own database. */
  public String text(String query) {
    try (java.sql.Connection connection = java.sql.DriverManager.getConnection(databaseUrl);
        java.sql.ResultSet row = connection.createStatement().executeQuery(query)) {
      if (!row.next()) {
        throw new IllegalStateException("no row: " + query);
      }
      return row.getString(1);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(query, e);
    }
  }

  /** A client for a server running elsewhere (another process); closing it closes nothing. */
  public static TestServer remote(String baseUrl) {
    return new TestServer(baseUrl);
  }

  public static TestServer start() {
    return start(config -> config);
  }

  /** Starts with the test defaults, then lets the caller adjust the configuration. */
  public static TestServer start(java.util.function.UnaryOperator<ServerConfig> adjust) {
    try {
      Path data = Files.createTempDirectory("aloft-test-data-");
      ServerConfig config = ServerConfig.defaults()
          .withPort(0)
          .withDataDirectory(data)
          .withDatabase(SharedPostgres.freshDatabase(), null, null)
          .withAdminKey(ADMIN_KEY)
          .withClock(Clock.systemUTC());
      ServerConfig adjusted = adjust.apply(config);
      return new TestServer(AloftServer.start(adjusted), data, adjusted.databaseUrl().orElseThrow());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public AloftServer server() {
    return server;
  }

  /** The JDBC URL of this server's own database, for a second server on it. */
  public String databaseUrl() {
    return databaseUrl;
  }

  /**
   * A request signed by a terminal's own key ({@link RequestSignature}) at {@code signedAt}, with
   * a fresh nonce; {@code body} as for {@link #send}.
   */
  public Response signed(String method, String path, long terminalId, Signer terminalKey, Object body,
      java.time.Instant signedAt, Map<String, String> headers) {
    Map<String, String> all = new java.util.HashMap<>(headers);
    all.put("Authorization", RequestSignature.authorization(terminalKey, terminalId, method, path, bytes(body),
        signedAt, SIGNING_RANDOM));
    return send(method, path, null, body, all);
  }

  /** A request signed now by the terminal. */
  public Response signed(String method, String path, long terminalId, Signer terminalKey, Object body) {
    return signed(method, path, terminalId, terminalKey, body, java.time.Instant.now(), Map.of());
  }

  private static final java.security.SecureRandom SIGNING_RANDOM = new java.security.SecureRandom();

  // ---- Fixtures that later tests build on ----

  /** An account and its wallet token. */
  public record AccountFixture(long id, String walletToken) {}

  public AccountFixture account(Integer score, long openingBalanceMinor) {
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("displayName", "Passenger");
    body.put("identityLevel", 2);
    body.put("currency", "CNY");
    body.put("openingBalanceMinor", openingBalanceMinor);
    if (score != null) {
      body.put("score", score);
    }
    Response response = post("/v1/accounts", ADMIN_KEY, body);
    check(response, 201);
    return new AccountFixture(response.json().at("/account/id").asLong(), response.json().get("walletToken").asText());
  }

  /** An airline and its merchant API key. */
  public record AirlineFixture(long id, String code, String merchantKey) {}

  private static final AtomicInteger AIRLINE_CODES = new AtomicInteger();

  public AirlineFixture airline() {
    int n = AIRLINE_CODES.incrementAndGet();
    String code = "" + (char) ('A' + (n / 26) % 26) + (char) ('A' + n % 26) + "X";
    Response response = post("/v1/airlines", ADMIN_KEY, Map.of("code", code, "name", "Airline " + code, "currency", "CNY"));
    check(response, 201);
    return new AirlineFixture(response.json().at("/airline/id").asLong(), code,
        response.json().get("merchantApiKey").asText());
  }

  /** A flight of the airline departing {@code departsIn} from now (negative: already departed). */
  public long flight(AirlineFixture airline, Duration departsIn) {
    return check(createFlight(airline, departsIn, Map.of()), 201).json().get("id").asLong();
  }

  /** Asks to create a flight departing {@code departsIn} from now, with {@code more} fields in the request. */
  public Response createFlight(AirlineFixture airline, Duration departsIn, Map<String, Object> more) {
    java.time.Instant departure = java.time.Instant.now().plus(departsIn).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
    Map<String, Object> body = new java.util.HashMap<>(Map.of(
        "flightNumber", Integer.toString(FLIGHT_NUMBERS.incrementAndGet()),
        "flightDate", departure.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString(),
        "scheduledDeparture", departure.toString(),
        "scheduledArrival", departure.plus(Duration.ofHours(3)).toString()));
    body.putAll(more);
    return post("/v1/airlines/" + airline.id() + "/flights", airline.merchantKey(), body);
  }

  /** A terminal of the airline, registered under its merchant key with a new Ed25519 key. */
  public record TerminalFixture(long id, long airlineId, io.aloft.protocol.crypto.SoftwareSigner key) {}

  public TerminalFixture terminal(AirlineFixture airline) {
    io.aloft.protocol.crypto.SoftwareSigner key = Devices.ed25519();
    Response response = check(post("/v1/airlines/" + airline.id() + "/terminals", airline.merchantKey(),
        Map.of("publicKey", Devices.publicKeyBase64(key), "displayName", "Galley")), 201);
    return new TerminalFixture(response.json().at("/terminal/id").asLong(), airline.id(), key);
  }

  public static Response check(Response response, int status) {
    return response.expect(status);
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
      TempDirectories.delete(dataDirectory);
    }
  }
}
