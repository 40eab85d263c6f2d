package io.aloft.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AccountFixture;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.testkit.Api.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every role, endpoint by endpoint, on what it does not own. */
class AuthorizationTest {
  private static final Set<String> PUBLIC = Set.of("/health", "/v1/openapi.json", "/v1/issuer-keys");

  private static TestServer server;
  private static AirlineFixture airlineA;
  private static AirlineFixture airlineB;
  private static long flightA;
  private static long flightB;
  private static long terminalA;
  private static long terminalB;
  private static AccountFixture walletA;
  private static AccountFixture walletB;
  private static String serialA;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    airlineA = server.airline();
    airlineB = server.airline();
    flightA = server.flight(airlineA, Duration.ofHours(4));
    flightB = server.flight(airlineB, Duration.ofHours(4));
    terminalA = terminal(airlineA);
    terminalB = terminal(airlineB);
    walletA = server.account(700, 0);
    walletB = server.account(700, 0);
    serialA = TestServer.check(server.post("/v1/enrolments", walletA.walletToken(),
        Devices.enrolment(server, walletA.walletToken(), flightA, Devices.p256())), 201).json().at("/credential/serial").asText();
  }

  private static long terminal(AirlineFixture airline) {
    return TestServer.check(server.post("/v1/airlines/" + airline.id() + "/terminals", airline.merchantKey(),
        Map.of("publicKey", Devices.publicKeyBase64(Devices.ed25519()), "displayName", "T")), 201)
        .json().at("/terminal/id").asLong();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A request that the given caller must not be allowed to make. */
  record Call(String who, String method, String path, Object body) {
    @Override
    public String toString() {
      return who + " " + method + " " + path;
    }
  }

  private static String token(String who) {
    return switch (who) {
      case "admin" -> TestServer.ADMIN_KEY;
      case "walletA" -> walletA.walletToken();
      case "merchantA" -> airlineA.merchantKey();
      default -> throw new IllegalArgumentException(who);
    };
  }

  static Stream<Arguments> forbidden() {
    Map<String, Object> account = Map.of("displayName", "X", "identityLevel", 1, "currency", "CNY");
    Map<String, Object> topUp = Map.of("amountMinor", 100, "currency", "CNY");
    Map<String, Object> status = Map.of("status", "suspended");
    Map<String, Object> score = Map.of("score", 800);
    Map<String, Object> imports = Map.of("scores", List.of(Map.of("accountId", walletA.id(), "score", 800)));
    Map<String, Object> airline = Map.of("code", "ZZ", "name", "Z", "currency", "CNY");
    Map<String, Object> flight = Map.of("flightNumber", "1", "flightDate", "2030-01-01",
        "scheduledDeparture", "2030-01-01T10:00:00Z", "scheduledArrival", "2030-01-01T12:00:00Z");
    Map<String, Object> terminal = Map.of("publicKey", Devices.publicKeyBase64(Devices.ed25519()), "displayName", "T");
    List<Call> calls = new ArrayList<>();
    for (String who : List.of("walletA", "merchantA")) {
      calls.add(new Call(who, "POST", "/v1/accounts", account));
      calls.add(new Call(who, "POST", "/v1/accounts/" + walletB.id() + "/top-ups", topUp));
      calls.add(new Call(who, "POST", "/v1/accounts/" + walletA.id() + "/top-ups", topUp));
      calls.add(new Call(who, "POST", "/v1/accounts/" + walletA.id() + "/status", status));
      calls.add(new Call(who, "POST", "/v1/accounts/" + walletA.id() + "/score", score));
      calls.add(new Call(who, "POST", "/v1/scores/import", imports));
      calls.add(new Call(who, "GET", "/v1/accounts/" + walletB.id(), null));
      calls.add(new Call(who, "POST", "/v1/airlines", airline));
      calls.add(new Call(who, "GET", "/v1/airlines/" + airlineB.id(), null));
      calls.add(new Call(who, "POST", "/v1/airlines/" + airlineB.id() + "/flights", flight));
      calls.add(new Call(who, "GET", "/v1/airlines/" + airlineB.id() + "/flights", null));
      calls.add(new Call(who, "POST", "/v1/airlines/" + airlineB.id() + "/terminals", terminal));
      calls.add(new Call(who, "GET", "/v1/airlines/" + airlineB.id() + "/terminals", null));
      calls.add(new Call(who, "GET", "/v1/airlines/" + airlineB.id() + "/catalogue", null));
      calls.add(new Call(who, "PUT", "/v1/airlines/" + airlineB.id() + "/catalogue", Map.of("items", List.of())));
      calls.add(new Call(who, "POST", "/v1/credentials/" + serialA + "/revoke", null));
      calls.add(new Call(who, "POST", "/v1/airlines/" + airlineA.id() + "/payouts", topUp));
      calls.add(new Call(who, "GET", "/v1/airlines/" + airlineB.id() + "/payouts", null));
      calls.add(new Call(who, "GET", "/v1/airlines/" + airlineB.id() + "/statement?from=2030-01-01&to=2030-01-31", null));
      calls.add(new Call(who, "GET", "/v1/airlines/" + airlineB.id() + "/statement.csv?from=2030-01-01&to=2030-01-31",
          null));
    }
    // A wallet does not manage its airline's side, nor another account's.
    calls.add(new Call("walletA", "GET", "/v1/airlines/" + airlineA.id(), null));
    calls.add(new Call("walletA", "POST", "/v1/airlines/" + airlineA.id() + "/flights", flight));
    calls.add(new Call("walletA", "POST", "/v1/airlines/" + airlineA.id() + "/terminals", terminal));
    calls.add(new Call("walletA", "PUT", "/v1/airlines/" + airlineA.id() + "/catalogue", Map.of("items", List.of())));
    // Only a wallet enrols: not an airline, not even the operator.
    calls.add(new Call("merchantA", "GET", "/v1/accounts/" + walletA.id(), null));
    calls.add(new Call("merchantA", "POST", "/v1/enrolments", Devices.unprovedEnrolment(flightA, Devices.p256())));
    calls.add(new Call("admin", "POST", "/v1/enrolments", Devices.unprovedEnrolment(flightA, Devices.p256())));
    calls.add(new Call("merchantA", "POST", "/v1/enrolment-challenges", Map.of("flightId", flightA)));
    calls.add(new Call("admin", "POST", "/v1/enrolment-challenges", Map.of("flightId", flightA)));
    return calls.stream().map(Arguments::of);
  }

  @ParameterizedTest(name = "{0} is forbidden")
  @MethodSource("forbidden")
  void callersAreRefused_onWhatTheyDoNotOwn(Call call) {
    Response response = server.send(call.method(), call.path(), token(call.who()), call.body(), Map.of());

    assertThat(response.status()).as("%s → %s", call, response.text()).isEqualTo(403);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:forbidden");
  }

  @Test
  void everyNonPublicEndpoint_refusesACallWithoutAKey_orWithAnUnknownKey() {
    List<String> checked = new ArrayList<>();
    for (var route : server.server().routes()) {
      if (PUBLIC.contains(route.path())) {
        continue;
      }
      String path = route.path().replace("{accountId}", Long.toString(walletA.id()))
          .replace("{airlineId}", Long.toString(airlineA.id())).replace("{flightId}", Long.toString(flightA))
          .replace("{terminalId}", Long.toString(terminalA)).replace("{serial}", serialA).replace("{caseId}", "1")
          .replace("{endpointId}", "1");
      String method = route.method().toUpperCase(java.util.Locale.ROOT);
      Object body = method.equals("GET") ? null : Map.of();
      for (String token : new String[] {null, "aloft_wallet_not-a-real-token", ""}) {
        Response response = server.send(method, path, token, body, Map.of());
        assertThat(response.status()).as("%s %s with token %s", method, path, token).isEqualTo(401);
        assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:unauthenticated");
      }
      checked.add(method + " " + path);
    }
    assertThat(checked).hasSizeGreaterThan(15);
  }

  @Test
  void ownersAreAllowed_onWhatTheyOwn() {
    TestServer.check(server.get("/v1/accounts/" + walletA.id(), walletA.walletToken()), 200);
    TestServer.check(server.get("/v1/airlines/" + airlineA.id() + "/flights", airlineA.merchantKey()), 200);
    TestServer.check(server.get("/v1/airlines/" + airlineA.id() + "/terminals", airlineA.merchantKey()), 200);
    TestServer.check(server.get("/v1/airlines/" + airlineA.id() + "/catalogue", airlineA.merchantKey()), 200);
    TestServer.check(server.get("/v1/flights/" + flightA + "/trust-bundle", airlineA.merchantKey()), 200);
    TestServer.check(server.get("/v1/flights/" + flightA + "/trust-bundle", walletA.walletToken()), 200);
    TestServer.check(server.get("/v1/flights/" + flightB + "/trust-bundle", TestServer.ADMIN_KEY), 200);
  }

  @Test
  void me_tellsEachCallerWhoItIs() {
    assertThat(server.get("/v1/me", walletA.walletToken()).json().get("accountId").asLong()).isEqualTo(walletA.id());
    assertThat(server.get("/v1/me", airlineA.merchantKey()).json().get("airlineId").asLong()).isEqualTo(airlineA.id());
    assertThat(server.get("/v1/me", TestServer.ADMIN_KEY).json().get("role").asText()).isEqualTo("admin");
  }

  @Test
  void aWalletNotEnrolledOnAFlight_cannotFetchItsBundle_andIsToldWhatAMissingFlightWouldTell() {
    Response response = server.get("/v1/flights/" + flightA + "/trust-bundle", walletB.walletToken());

    assertSameAsMissing(response, server.get("/v1/flights/" + MISSING + "/trust-bundle", walletB.walletToken()));
  }

  private static final long MISSING = 987_654_321L;

  /** What another party owns, addressed by id: each caller, each endpoint, then the same call with a missing id. */
  static Stream<Arguments> hidden() {
    List<Arguments> calls = new ArrayList<>();
    for (String who : List.of("walletA", "merchantA")) {
      calls.add(Arguments.of(who, "POST", "/v1/terminals/%d/revoke", terminalB));
      calls.add(Arguments.of(who, "GET", "/v1/flights/%d/trust-bundle", flightB));
      calls.add(Arguments.of(who, "GET", "/v1/flights/%d/settlement-report", flightB));
    }
    calls.add(Arguments.of("walletA", "POST", "/v1/terminals/%d/revoke", terminalA));
    calls.add(Arguments.of("walletA", "GET", "/v1/flights/%d/settlement-report", flightA));
    return calls.stream();
  }

  @ParameterizedTest(name = "{0} {1} {2} of id {3}")
  @MethodSource("hidden")
  void anotherPartysTerminalOrFlight_isAnsweredExactlyAsAMissingOne(String who, String method, String path, long id) {
    Response existing = server.send(method, String.format(path, id), token(who), null, Map.of());
    Response missing = server.send(method, String.format(path, MISSING), token(who), null, Map.of());

    assertSameAsMissing(existing, missing);
  }

  private static void assertSameAsMissing(Response existing, Response missing) {
    assertThat(existing.status()).as(existing.text()).isEqualTo(404);
    assertThat(missing.status()).isEqualTo(404);
    assertThat(existing.json().get("type")).isEqualTo(missing.json().get("type"));
    assertThat(existing.json().get("title")).isEqualTo(missing.json().get("title"));
    assertThat(existing.json().get("detail").asText().replaceAll("[0-9]+", "N"))
        .isEqualTo(missing.json().get("detail").asText().replaceAll("[0-9]+", "N"));
  }

  @Test
  void anAirlineListing_showsOnlyItsOwnFlightsAndTerminals() {
    Response flights = TestServer.check(server.get("/v1/airlines/" + airlineA.id() + "/flights", airlineA.merchantKey()), 200);
    Response terminals = TestServer.check(server.get("/v1/airlines/" + airlineA.id() + "/terminals", airlineA.merchantKey()), 200);

    assertThat(flights.json().get("data").findValuesAsText("airlineId")).containsOnly(Long.toString(airlineA.id()));
    assertThat(terminals.json().get("data").findValuesAsText("airlineId")).containsOnly(Long.toString(airlineA.id()));
  }
}
