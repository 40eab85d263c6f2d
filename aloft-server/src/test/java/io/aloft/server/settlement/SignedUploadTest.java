package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.server.TestServer;
import io.aloft.testkit.Api.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A terminal uploads its batches under its own signature, and its Idempotency-Keys are its own:
 * nobody else, not even its airline, can answer them first.
 */
class SignedUploadTest {
  private static final Map<String, String> BINARY = Map.of("Content-Type", "application/octet-stream");

  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Map<String, String> keyed(String idempotencyKey) {
    return Map.of("Content-Type", "application/octet-stream", "Idempotency-Key", idempotencyKey);
  }

  @Test
  void aKeySquattedByOtherCallers_doesNotBlockTheTerminalsUpload() {
    Aboard flight = new Aboard(server, 2);
    Aboard.Passenger payer = flight.passenger(50_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Aboard.Crew otherCart = flight.terminals.get(1);
    TerminalBatch batch = flight.batch(cart, List.of(flight.handshake(cart, payer, 1_500).entry()));
    String key = "tb-00112233445566778899aabbccddeeff";

    // Whoever holds the airline's key, and another terminal of the airline, send garbage first.
    Response byAirline = server.send("POST", "/v1/terminal-batches", flight.airline.merchantKey(), new byte[] {1, 2},
        keyed(key));
    Response byOtherTerminal = server.signed("POST", "/v1/terminal-batches", otherCart.id, otherCart.key,
        new byte[] {1, 2}, Instant.now(), keyed(key));
    assertThat(byAirline.status()).isEqualTo(400);
    assertThat(byOtherTerminal.status()).isEqualTo(400);

    Response real = flight.uploadSigned(cart, batch, key);
    Response resent = flight.uploadSigned(cart, batch, key);

    SettlementReport report = Aboard.report(real);
    assertThat(report.entries()).extracting(SettlementReport.Entry::outcome).containsExactly(SettlementOutcome.SETTLED);
    assertThat(resent.raw().body()).isEqualTo(real.raw().body());
  }

  @Test
  void aTerminalWhoseClockIsOff_learnsTheServersTime_andItsSdkUploads() throws Exception {
    Aboard flight = new Aboard(server, 1);
    Aboard.Passenger payer = flight.passenger(50_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    TerminalBatch batch = flight.batch(cart, List.of(flight.handshake(cart, payer, 1_200).entry()));
    java.time.Clock twentyMinutesSlow = java.time.Clock.offset(java.time.Clock.systemUTC(), Duration.ofMinutes(-20));
    var signer = io.aloft.protocol.client.RequestAuthorizer.terminal(cart.key, cart.id, twentyMinutesSlow,
        new java.security.SecureRandom());
    var uploader = new io.aloft.terminal.upload.HttpUploader(java.net.URI.create(server.server().baseUrl()), signer,
        flight.issuerKeys(), io.aloft.protocol.client.RetryPolicy.DEFAULT, wait -> { });

    var outcomes = uploader.upload(batch, "tb-0f0e0d0c0b0a09080706050403020100");

    assertThat(outcomes).extracting(io.aloft.terminal.upload.EntryOutcome::outcome)
        .containsExactly(io.aloft.terminal.upload.Outcome.SETTLED);
  }

  @Test
  void aTerminal_cannotUploadAnotherTerminalsBatch_evenOfItsAirline() {
    Aboard flight = new Aboard(server, 2);
    Aboard.Passenger payer = flight.passenger(50_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Aboard.Crew otherCart = flight.terminals.get(1);
    TerminalBatch batch = flight.batch(cart, List.of(flight.handshake(cart, payer, 900).entry()));

    Response stolen = server.signed("POST", "/v1/terminal-batches", otherCart.id, otherCart.key, batch.encode(),
        Instant.now(), BINARY);

    assertThat(stolen.status()).as(stolen.text()).isEqualTo(403);
    // The airline may still relay it (an exported batch file): the batch's own signature is checked.
    assertThat(Aboard.report(server.send("POST", "/v1/terminal-batches", flight.airline.merchantKey(), batch.encode(),
        BINARY)).entries()).hasSize(1);
  }

  @Test
  void aSignedUpload_whoseBodyWasSwapped_isRefused() {
    Aboard flight = new Aboard(server, 1);
    Aboard.Passenger payer = flight.passenger(50_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    TerminalBatch batch = flight.batch(cart, List.of(flight.handshake(cart, payer, 700).entry()));
    TerminalBatch other = flight.batch(cart, List.of(flight.handshake(cart, payer, 800).entry()));
    String header = io.aloft.protocol.client.RequestSignature.authorization(cart.key, cart.id, "POST",
        "/v1/terminal-batches", batch.encode(), Instant.now(), Aboard.RANDOM);

    Response swapped = server.send("POST", "/v1/terminal-batches", null, other.encode(),
        Map.of("Content-Type", "application/octet-stream", "Authorization", header));

    assertThat(swapped.status()).isEqualTo(401);
    assertThat(swapped.json().get("type").asText()).endsWith(":bad-request-signature");
  }

  @Test
  void theSameKey_onAnotherEndpoint_isAnotherKey() {
    TestServer.AirlineFixture airline = server.airline();
    Map<String, String> key = Map.of("Idempotency-Key", "shared-key-1");
    Instant departure = Instant.now().plus(Duration.ofDays(1)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);

    Response flight = server.post("/v1/airlines/" + airline.id() + "/flights", airline.merchantKey(), Map.of(
        "flightNumber", "77", "flightDate", departure.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString(),
        "scheduledDeparture", departure.toString(), "scheduledArrival", departure.plusSeconds(7200).toString()), key);
    Response code = server.post("/v1/airlines/" + airline.id() + "/registration-codes", airline.merchantKey(),
        Map.of(), key);

    assertThat(flight.status()).as(flight.text()).isEqualTo(201);
    assertThat(code.status()).as(code.text()).isEqualTo(201);
  }
}
