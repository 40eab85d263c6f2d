package io.aloft.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.client.RequestSignature;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.server.TestServer.TerminalFixture;
import io.aloft.testkit.Api.Response;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An enrolled terminal authenticates with its own key: signed requests that cannot be forged,
 * tampered with, replayed, sent out of time or after revocation, and that reach only what a
 * terminal needs.
 */
class TerminalIdentityTest {
  private static final SecureRandom RANDOM = new SecureRandom();

  private static TestServer server;
  private static AirlineFixture airline;
  private static AirlineFixture otherAirline;
  private static long flight;
  private static long otherFlight;
  private static TerminalFixture terminal;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    airline = server.airline();
    otherAirline = server.airline();
    flight = server.flight(airline, Duration.ofHours(4));
    otherFlight = server.flight(otherAirline, Duration.ofHours(4));
    terminal = server.terminal(airline);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Response signedGet(String path, TerminalFixture by) {
    return server.signed("GET", path, by.id(), by.key(), null);
  }

  private static String bundlePath(long flightId) {
    return "/v1/flights/" + flightId + "/trust-bundle";
  }

  private static void assertProblem(Response response, int status, String type) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:" + type);
  }

  @Test
  void aSignedRequest_isTheTerminal_andReachesItsAirlinesBundle() {
    Response me = TestServer.check(signedGet("/v1/me", terminal), 200);
    assertThat(me.json().get("role").asText()).isEqualTo("terminal");
    assertThat(me.json().get("terminalId").asLong()).isEqualTo(terminal.id());
    assertThat(me.json().get("airlineId").asLong()).isEqualTo(airline.id());

    TestServer.check(signedGet(bundlePath(flight), terminal), 200);
    TestServer.check(signedGet("/v1/airlines/" + airline.id(), terminal), 200);
  }

  @Test
  void aTerminal_reachesNothingBeyondWhatATerminalNeeds() {
    Map<String, Object> flightBody = Map.of("flightNumber", "9", "flightDate", "2030-01-01",
        "scheduledDeparture", "2030-01-01T10:00:00Z", "scheduledArrival", "2030-01-01T12:00:00Z");
    Map<String, Object> terminalBody = Map.of("publicKey", Devices.publicKeyBase64(Devices.ed25519()),
        "displayName", "Rogue");
    // Another airline's flight, and a terminal to revoke, answer as missing ones: ids do not leak.
    assertProblem(signedGet(bundlePath(otherFlight), terminal), 404, "not-found");
    assertProblem(server.signed("POST", "/v1/terminals/" + terminal.id() + "/revoke", terminal.id(), terminal.key(),
        Map.of()), 404, "not-found");
    List<Response> refused = List.of(
        signedGet("/v1/airlines/" + otherAirline.id(), terminal),
        signedGet("/v1/airlines/" + airline.id() + "/terminals", terminal),
        server.signed("POST", "/v1/airlines/" + airline.id() + "/terminals", terminal.id(), terminal.key(),
            terminalBody),
        server.signed("POST", "/v1/airlines/" + airline.id() + "/flights", terminal.id(), terminal.key(), flightBody),
        server.signed("POST", "/v1/airlines/" + airline.id() + "/registration-codes", terminal.id(), terminal.key(),
            Map.of()),
        server.signed("POST", "/v1/airlines/" + airline.id() + "/merchant-keys/rotate", terminal.id(),
            terminal.key(), Map.of()));
    for (Response response : refused) {
      assertProblem(response, 403, "forbidden");
    }
  }

  @Test
  void aRequestSignedByAnotherKey_isRefused() {
    SoftwareSigner stranger = Devices.ed25519();

    Response forged = server.signed("GET", bundlePath(flight), terminal.id(), stranger, null);

    assertProblem(forged, 401, "bad-request-signature");
  }

  @Test
  void aSignedRequest_whosePathMethodOrBodyChanged_isRefused() {
    Instant now = Instant.now();
    String signedForOtherPath = RequestSignature.authorization(terminal.key(), terminal.id(), "GET", "/v1/me",
        new byte[0], now, RANDOM);
    String signedForGet = RequestSignature.authorization(terminal.key(), terminal.id(), "GET",
        "/v1/terminal-batches", new byte[0], now, RANDOM);
    String signedForOtherBody = RequestSignature.authorization(terminal.key(), terminal.id(), "POST",
        "/v1/terminal-batches", new byte[] {1, 2, 3}, now, RANDOM);

    assertProblem(server.send("GET", bundlePath(flight), null, null, Map.of("Authorization", signedForOtherPath)),
        401, "bad-request-signature");
    assertProblem(server.send("POST", "/v1/terminal-batches", null, new byte[0],
        Map.of("Authorization", signedForGet)), 401, "bad-request-signature");
    assertProblem(server.send("POST", "/v1/terminal-batches", null, new byte[] {1, 2, 4},
        Map.of("Authorization", signedForOtherBody)), 401, "bad-request-signature");
  }

  @Test
  void aReplayedRequest_isRefused_evenWithinTheClockSkew() {
    String header = RequestSignature.authorization(terminal.key(), terminal.id(), "GET", "/v1/me", new byte[0],
        Instant.now(), RANDOM);

    TestServer.check(server.send("GET", "/v1/me", null, null, Map.of("Authorization", header)), 200);
    Response replayed = server.send("GET", "/v1/me", null, null, Map.of("Authorization", header));

    assertProblem(replayed, 401, "request-replayed");
  }

  @ParameterizedTest(name = "signed {0} s from now")
  @ValueSource(longs = {-301, 301, -86_400, 86_400})
  void aRequestSignedOutsideTheClockSkew_isRefused(long offsetSeconds) {
    Response late = server.signed("GET", "/v1/me", terminal.id(), terminal.key(), null,
        Instant.now().plusSeconds(offsetSeconds), Map.of());

    assertProblem(late, 401, "request-expired");
    assertThat(Long.parseLong(late.header("Aloft-Server-Time"))).isCloseTo(Instant.now().getEpochSecond(),
        org.assertj.core.data.Offset.offset(60L));
    assertThat(late.json().get("serverTime").asLong()).isCloseTo(Instant.now().getEpochSecond(),
        org.assertj.core.data.Offset.offset(60L));
  }

  @ParameterizedTest(name = "header {0}")
  @ValueSource(strings = {
      "Aloft-Terminal ",
      "Aloft-Terminal terminal=1",
      "Aloft-Terminal terminal=0,time=1,nonce=AAAAAAAAAAAAAAAAAAAAAA,signature=x",
      "Aloft-Terminal terminal=99999999999999999999999,time=1,nonce=AAAAAAAAAAAAAAAAAAAAAA,signature=AAAA",
      "Aloft-Terminal terminal=1,time=-5,nonce=AAAAAAAAAAAAAAAAAAAAAA,signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      "Aloft-Terminal terminal=1,time=1,nonce=A,signature=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  })
  void aMalformedSignatureHeader_isATypedRefusal(String header) {
    Response response = server.send("GET", "/v1/me", null, null, Map.of("Authorization", header));

    assertProblem(response, 401, "bad-request-signature");
  }

  @Test
  void aRequestFromAnUnknownTerminalId_isRefused() {
    Response response = server.signed("GET", "/v1/me", 987_654_321L, terminal.key(), null);

    assertProblem(response, 401, "unauthenticated");
  }

  @Test
  void aRevokedTerminal_isRefusedAtOnce() {
    TerminalFixture doomed = server.terminal(airline);
    TestServer.check(signedGet("/v1/me", doomed), 200);

    TestServer.check(server.post("/v1/terminals/" + doomed.id() + "/revoke", airline.merchantKey(), null), 200);

    assertProblem(signedGet("/v1/me", doomed), 401, "unauthenticated");
    assertProblem(signedGet(bundlePath(flight), doomed), 401, "unauthenticated");
  }

  @Test
  void nonces_areForgottenOnlyOnceTheirTimeIsOutsideTheSkew() {
    TerminalFixture busy = server.terminal(airline);
    for (int i = 0; i < 5; i++) {
      TestServer.check(signedGet("/v1/me", busy), 200);
    }
    assertThat(server.number("SELECT count(*) FROM request_nonces WHERE terminal_id = " + busy.id())).isEqualTo(5);
    server.sql("UPDATE request_nonces SET seen_at = seen_at - interval '11 minutes' WHERE terminal_id = ?", busy.id());

    TestServer.check(signedGet("/v1/me", busy), 200);

    assertThat(server.number("SELECT count(*) FROM request_nonces WHERE terminal_id = " + busy.id())).isEqualTo(1);
  }
}
