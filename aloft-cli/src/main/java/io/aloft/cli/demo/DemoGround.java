package io.aloft.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.http.ApiClient;
import io.aloft.cli.http.ApiException;
import io.aloft.cli.http.IssuerApi;
import io.aloft.flight.Ground;
import io.aloft.protocol.client.RequestAuthorizer;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.terminal.upload.HttpUploader;
import io.aloft.terminal.upload.Uploader;
import io.aloft.wallet.issuer.HttpIssuerClient;
import io.aloft.wallet.issuer.IssuerClient;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/** The demo's server as the flight engine reaches it: the operator's API client, and the SDKs' own HTTP clients. */
final class DemoGround implements Ground {
  private static final int MAX_CODE_ATTEMPTS = 20;

  private final DemoServer server;
  private final Clock flightClock;

  DemoGround(DemoServer server, Clock flightClock) {
    this.server = server;
    this.flightClock = flightClock;
  }

  /** The demo's own server is fresh; a shared one may already have the demo's code, so others are tried. */
  @Override
  public Airline createAirline(String name, String currency) throws GroundException {
    if (server.isOwned()) {
      return airline(call(() -> server.admin().createAirline("AD", name, currency)));
    }
    SplittableRandom codes = new SplittableRandom();
    for (int attempt = 0; ; attempt++) {
      String code = "A" + (char) ('A' + codes.nextInt(26)) + (char) ('A' + codes.nextInt(26));
      try {
        return airline(server.admin().createAirline(code, name, currency));
      } catch (ApiException e) {
        if (e.status() != 409 || attempt >= MAX_CODE_ATTEMPTS) {
          throw new GroundException("cannot create the airline: " + e.getMessage(), e);
        }
      }
    }
  }

  private static Airline airline(JsonNode created) {
    return new Airline(created.at("/airline/id").asLong(), created.get("merchantApiKey").asText());
  }

  @Override
  public ScheduledFlight scheduleFlight(Airline airline, String flightNumber, Instant departure, Instant arrival)
      throws GroundException {
    JsonNode flight = call(() -> server.as(airline.merchantKey()).createFlight(airline.id(), flightNumber, departure,
        arrival));
    return new ScheduledFlight(flight.get("id").asLong(), flight.get("flightCode").asText());
  }

  @Override
  public void setCatalogue(Airline airline, Catalogue catalogue) throws GroundException {
    call(() -> server.as(airline.merchantKey()).setCatalogue(airline.id(), Ground.asApiItems(catalogue)));
  }

  @Override
  public List<IssuerKey> issuerKeys() throws GroundException {
    return call(() -> server.admin().issuerKeys());
  }

  @Override
  public long registerTerminal(Airline airline, VerificationKey publicKey, String displayName) throws GroundException {
    return call(() -> server.as(airline.merchantKey()).registerTerminal(airline.id(), publicKey, displayName))
        .at("/terminal/id").asLong();
  }

  @Override
  public Account openAccount(String displayName, int identityLevel, String currency, long openingBalanceMinor,
      int score) throws GroundException {
    JsonNode account = call(() -> server.admin().createAccount(displayName, identityLevel, currency,
        openingBalanceMinor, score));
    return new Account(account.at("/account/id").asLong(), account.get("walletToken").asText());
  }

  /**
   * The bundle without the issuer's time: the demo's devices already read the server's own clock
   * (its own server runs on the flight's clock), and against a shared server the flight's clock
   * runs hours ahead of the real one on purpose, which a terminal must not correct.
   */
  @Override
  public Bundle trustBundle(long flightId, RequestAuthorizer terminal) throws GroundException {
    byte[] encoded = call(() -> new IssuerApi(new ApiClient(server.baseUrl(), terminal)).trustBundle(flightId));
    return new Bundle(encoded, Optional.empty());
  }

  @Override
  public IssuerClient issuerClient(String walletToken, List<IssuerKey> issuerKeys) {
    return HttpIssuerClient.of(URI.create(server.baseUrl()), walletToken, issuerKeys);
  }

  @Override
  public Uploader uploader(RequestAuthorizer terminal, List<IssuerKey> issuerKeys) {
    return HttpUploader.of(URI.create(server.baseUrl()), terminal, issuerKeys);
  }

  /** The server's clock: the flight's when the demo runs the server on it, else the real one. */
  @Override
  public Clock serverClock() {
    return server.isOwned() ? flightClock : Clock.systemUTC();
  }

  private interface ApiCall<T> {
    T call() throws ApiException;
  }

  private static <T> T call(ApiCall<T> call) throws GroundException {
    try {
      return call.call();
    } catch (ApiException e) {
      throw new GroundException(e.getMessage(), e);
    }
  }
}
