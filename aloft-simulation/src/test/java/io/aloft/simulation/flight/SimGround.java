package io.aloft.simulation.flight;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.flight.Ground;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.client.IssuerClock;
import io.aloft.protocol.client.RequestAuthorizer;
import io.aloft.protocol.client.RetryPolicy;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.simulation.support.SimServer;
import io.aloft.terminal.upload.HttpUploader;
import io.aloft.terminal.upload.Uploader;
import io.aloft.testkit.Api;
import io.aloft.wallet.issuer.HttpIssuerClient;
import io.aloft.wallet.issuer.IssuerClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The simulated flight's server as the engine reaches it: the operator's and airline's calls go
 * straight to the {@link SimServer}, while the devices' own HTTP clients ({@code HttpUploader},
 * {@code HttpIssuerClient}) reach it through {@link DevicePort}s on the faulty {@link Network},
 * with a phone's retries whose waits advance the flight's clock. The ports are good until the
 * flight takes off ({@link #faulty}).
 */
final class SimGround implements Ground {
  /**
   * The devices' retries: a few tries with backoff, as on a phone. The long read timeout covers a
   * server killed and started again under a request.
   */
  static final RetryPolicy RETRY = new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(8),
      Duration.ofSeconds(5), Duration.ofSeconds(60));

  private final SimServer server;
  private final Network network;
  private final Clock serverClock;
  private final Consumer<Duration> wait;
  private final String airlineCode;
  private final List<DevicePort> ports = new ArrayList<>();
  private final Map<String, IssuerClient> issuerClients = new HashMap<>();
  private String merchantKey;
  private boolean faulty;

  /**
   * @param wait how a device's retry waits: by advancing the flight's clock
   * @param airlineCode the airline's IATA-style code, drawn from the seed
   */
  SimGround(SimServer server, Network network, Clock serverClock, Consumer<Duration> wait, String airlineCode) {
    this.server = server;
    this.network = network;
    this.serverClock = serverClock;
    this.wait = wait;
    this.airlineCode = airlineCode;
  }

  /** From now on every device's call may meet the network's faults. */
  void faulty(boolean value) {
    faulty = value;
    ports.forEach(port -> port.faulty(value));
  }

  String merchantKey() {
    return merchantKey;
  }

  @Override
  public Airline createAirline(String name, String currency) {
    JsonNode airline = server.api().post("/v1/airlines", SimServer.ADMIN_KEY,
        Map.of("code", airlineCode, "name", name, "currency", currency)).expect(201).json();
    merchantKey = airline.get("merchantApiKey").asText();
    return new Airline(airline.at("/airline/id").asLong(), merchantKey);
  }

  @Override
  public ScheduledFlight scheduleFlight(Airline airline, String flightNumber, Instant departure, Instant arrival) {
    JsonNode flight = server.api().post("/v1/airlines/" + airline.id() + "/flights", airline.merchantKey(),
        Map.of("flightNumber", flightNumber,
            "flightDate", departure.atZone(ZoneOffset.UTC).toLocalDate().toString(),
            "scheduledDeparture", departure.toString(), "scheduledArrival", arrival.toString()))
        .expect(201).json();
    return new ScheduledFlight(flight.get("id").asLong(), flight.get("flightCode").asText());
  }

  @Override
  public void setCatalogue(Airline airline, Catalogue catalogue) {
    server.api().send("PUT", "/v1/airlines/" + airline.id() + "/catalogue", airline.merchantKey(),
        Map.of("items", Ground.asApiItems(catalogue)), Map.of()).expect(200);
  }

  @Override
  public List<IssuerKey> issuerKeys() {
    List<IssuerKey> keys = new ArrayList<>();
    for (JsonNode key : server.api().get("/v1/issuer-keys", null).expect(200).json().get("keys")) {
      keys.add(new IssuerKey(key.get("keyId").asInt(), new VerificationKey(SignatureAlgorithm.ED25519,
          Bytes.of(Base64.getDecoder().decode(key.get("publicKey").asText())))));
    }
    return keys;
  }

  @Override
  public long registerTerminal(Airline airline, VerificationKey publicKey, String displayName) {
    return server.api().post("/v1/airlines/" + airline.id() + "/terminals", airline.merchantKey(), Map.of(
        "publicKey", Base64.getEncoder().encodeToString(publicKey.encoded().toByteArray()),
        "displayName", displayName)).expect(201).json().at("/terminal/id").asLong();
  }

  @Override
  public Account openAccount(String displayName, int identityLevel, String currency, long openingBalanceMinor,
      int score) {
    JsonNode account = server.api().post("/v1/accounts", SimServer.ADMIN_KEY, Map.of("displayName", displayName,
        "identityLevel", identityLevel, "currency", currency, "openingBalanceMinor", openingBalanceMinor,
        "score", score)).expect(201).json();
    return new Account(account.at("/account/id").asLong(), account.get("walletToken").asText());
  }

  /** Fetched with the airline's key, as the crew app's back office does; the answer's Date is the issuer's time. */
  @Override
  public Bundle trustBundle(long flightId, RequestAuthorizer terminal) {
    Api.Response answer = server.api().get("/v1/flights/" + flightId + "/trust-bundle", merchantKey).expect(200);
    return new Bundle(Base64.getDecoder().decode(answer.json().get("bundle").asText()),
        IssuerClock.parseHttpDate(answer.header("Date")));
  }

  /** One port and one client for each wallet, made once: a reopened wallet talks through the same link. */
  @Override
  public IssuerClient issuerClient(String walletToken, List<IssuerKey> issuerKeys) {
    return issuerClients.computeIfAbsent(walletToken, token ->
        new HttpIssuerClient(port().uri(), token, issuerKeys, RETRY, wait::accept));
  }

  @Override
  public Uploader uploader(RequestAuthorizer terminal, List<IssuerKey> issuerKeys) {
    return new HttpUploader(port().uri(), terminal, issuerKeys, RETRY, wait::accept);
  }

  private DevicePort port() {
    DevicePort port = new DevicePort(network, faulty);
    ports.add(port);
    return port;
  }

  @Override
  public Clock serverClock() {
    return serverClock;
  }

  /** Closes every device's port. */
  void close() {
    ports.forEach(DevicePort::close);
  }
}
