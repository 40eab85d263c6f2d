package io.aloft.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AccountFixture;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.testkit.Api.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed input of any shape, on every endpoint that takes a body: a 4xx problem, never a 5xx. */
class BadInputTest {
  private static TestServer server;
  private static AirlineFixture airline;
  private static AccountFixture wallet;
  private static long flight;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    airline = server.airline();
    wallet = server.account(700, 0);
    flight = server.flight(airline, Duration.ofHours(4));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Each endpoint that takes a JSON body, with a caller allowed to use it. */
  record Endpoint(String path, String token) {
    @Override
    public String toString() {
      return path;
    }
  }

  static List<Endpoint> endpoints() {
    return List.of(
        new Endpoint("/v1/accounts", TestServer.ADMIN_KEY),
        new Endpoint("/v1/accounts/" + wallet.id() + "/top-ups", TestServer.ADMIN_KEY),
        new Endpoint("/v1/accounts/" + wallet.id() + "/status", TestServer.ADMIN_KEY),
        new Endpoint("/v1/accounts/" + wallet.id() + "/score", TestServer.ADMIN_KEY),
        new Endpoint("/v1/scores/import", TestServer.ADMIN_KEY),
        new Endpoint("/v1/airlines", TestServer.ADMIN_KEY),
        new Endpoint("/v1/airlines/" + airline.id() + "/flights", airline.merchantKey()),
        new Endpoint("/v1/airlines/" + airline.id() + "/terminals", airline.merchantKey()),
        new Endpoint("/v1/enrolments", wallet.walletToken()),
        new Endpoint("/v1/enrolment-challenges", wallet.walletToken()));
  }

  static Stream<Arguments> garbage() {
    List<String> bodies = List.of("", "{", "}", "[]", "null", "\"text\"", "42", "{\"unknown\": 1}", "{}",
        "{\"a\":1} trailing", "\u0000\u0001\u0002", "[".repeat(5000), "{\"x\":\"" + "y".repeat(20_000) + "\"}",
        "{\"amountMinor\": 1e999}", "{\"score\": 99999999999999999999999999}");
    List<Arguments> cases = new ArrayList<>();
    for (Endpoint endpoint : endpoints()) {
      for (String body : bodies) {
        cases.add(Arguments.of(endpoint, body));
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} with body #{index}")
  @MethodSource("garbage")
  void malformedBodies_getA4xxProblem(Endpoint endpoint, String body) {
    Response response = server.post(endpoint.path(), endpoint.token(), body);

    assertProblem(response, 400);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("endpoints")
  void oversizedBodies_getA413Problem(Endpoint endpoint) {
    Response response = server.sendAlone("POST", endpoint.path(), endpoint.token(), "{\"pad\":\"" + "x".repeat(200_000) + "\"}");

    assertProblem(response, 413);
  }

  static Stream<Arguments> invalidFields() {
    String account = "/v1/accounts";
    String topUp = "/v1/accounts/" + wallet.id() + "/top-ups";
    String flights = "/v1/airlines/" + airline.id() + "/flights";
    String terminals = "/v1/airlines/" + airline.id() + "/terminals";
    String enrol = "/v1/enrolments";
    String p256 = Devices.publicKeyBase64(Devices.p256());
    byte[] offCurve = new byte[33];
    offCurve[0] = 0x02;
    java.util.Arrays.fill(offCurve, 1, 33, (byte) 0xFF);
    return Stream.of(
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":1,\"currency\":\"CNY\",\"openingBalanceMinor\":-1}"),
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":1,\"currency\":\"CNY\",\"openingBalanceMinor\":9223372036854775807}"),
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":1,\"currency\":\"CNY\",\"openingBalanceMinor\":92233720368547758070}"),
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":1,\"currency\":\"CNY\",\"openingBalanceMinor\":1.5}"),
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":1,\"currency\":\"CNY\",\"openingBalanceMinor\":\"100\"}"),
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":1,\"currency\":\"XYZ\"}"),
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":1,\"currency\":\"cny\"}"),
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":1,\"currency\":156}"),
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":4,\"currency\":\"CNY\"}"),
        Arguments.of(account, "{\"displayName\":\"\",\"identityLevel\":1,\"currency\":\"CNY\"}"),
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":1,\"currency\":\"CNY\",\"score\":299}"),
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":1,\"currency\":\"CNY\",\"score\":851}"),
        Arguments.of(account, "{\"displayName\":\"A\",\"identityLevel\":true,\"currency\":\"CNY\"}"),
        Arguments.of(topUp, "{\"amountMinor\":0,\"currency\":\"CNY\"}"),
        Arguments.of(topUp, "{\"amountMinor\":-5,\"currency\":\"CNY\"}"),
        Arguments.of(topUp, "{\"amountMinor\":10000000000000,\"currency\":\"CNY\"}"),
        Arguments.of(topUp, "{\"amountMinor\":100}"),
        Arguments.of(topUp, "{\"amountMinor\":100,\"currency\":\"XXX\"}"),
        Arguments.of("/v1/accounts/" + wallet.id() + "/status", "{\"status\":\"closed\"}"),
        Arguments.of("/v1/scores/import", "{\"scores\":[]}"),
        Arguments.of("/v1/scores/import", "{\"scores\":[null]}"),
        Arguments.of("/v1/airlines", "{\"code\":\"toolong\",\"name\":\"A\",\"currency\":\"CNY\"}"),
        Arguments.of(flights, "{\"flightNumber\":\"ABCDE\",\"flightDate\":\"2030-01-01\",\"scheduledDeparture\":\"2030-01-01T10:00:00Z\",\"scheduledArrival\":\"2030-01-01T12:00:00Z\"}"),
        Arguments.of(flights, "{\"flightNumber\":\"1\",\"flightDate\":\"2030-13-01\",\"scheduledDeparture\":\"2030-01-01T10:00:00Z\",\"scheduledArrival\":\"2030-01-01T12:00:00Z\"}"),
        Arguments.of(flights, "{\"flightNumber\":\"1\",\"flightDate\":\"2030-01-01\",\"scheduledDeparture\":\"2030-01-01T10:00:00Z\",\"scheduledArrival\":\"2030-01-01T09:00:00Z\"}"),
        Arguments.of(flights, "{\"flightNumber\":\"1\",\"flightDate\":\"2030-01-01\",\"scheduledDeparture\":\"tomorrow\",\"scheduledArrival\":\"2030-01-01T12:00:00Z\"}"),
        Arguments.of(flights, "{\"flightNumber\":\"1\",\"flightDate\":\"2099-01-01\",\"scheduledDeparture\":\"2099-01-01T10:00:00Z\",\"scheduledArrival\":\"2099-01-01T12:00:00Z\"}"),
        Arguments.of(terminals, "{\"publicKey\":\"!!!not base64\",\"displayName\":\"T\"}"),
        Arguments.of(terminals, "{\"publicKey\":\"" + Base64.getEncoder().encodeToString(new byte[31]) + "\",\"displayName\":\"T\"}"),
        Arguments.of(terminals, "{\"publicKey\":\"" + p256 + "\",\"displayName\":\"T\"}"),
        Arguments.of(terminals, "{\"publicKey\":\"" + Devices.publicKeyBase64(Devices.ed25519()) + "\",\"displayName\":\"" + "名".repeat(20) + "\"}"),
        // A right-to-left override would show the passenger the name reversed next to an amount.
        Arguments.of(terminals, "{\"publicKey\":\"" + Devices.publicKeyBase64(Devices.ed25519()) + "\",\"displayName\":\"Cart \\u202E01\"}"),
        Arguments.of(account, "{\"displayName\":\"Ann\\u2066Lee\",\"identityLevel\":1,\"currency\":\"CNY\"}"),
        Arguments.of(enrol, "{\"flightId\":" + flight + ",\"deviceAlgorithm\":\"rsa\",\"devicePublicKey\":\"" + p256 + "\"}"),
        Arguments.of(enrol, "{\"flightId\":" + flight + ",\"deviceAlgorithm\":\"ed25519\",\"devicePublicKey\":\"" + p256 + "\"}"),
        Arguments.of(enrol, "{\"flightId\":" + flight + ",\"deviceAlgorithm\":\"ecdsa-p256\",\"devicePublicKey\":\""
            + Base64.getEncoder().encodeToString(offCurve) + "\"}"),
        Arguments.of(enrol, "{\"flightId\":-1,\"deviceAlgorithm\":\"ecdsa-p256\",\"devicePublicKey\":\"" + p256 + "\"}"),
        Arguments.of(enrol, "{\"deviceAlgorithm\":\"ecdsa-p256\",\"devicePublicKey\":\"" + p256 + "\"}"),
        Arguments.of(enrol, "{\"flightId\":" + flight + ",\"deviceAlgorithm\":\"ecdsa-p256\",\"devicePublicKey\":\"" + p256
            + "\",\"challenge\":\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\"}"),
        Arguments.of(enrol, "{\"flightId\":" + flight + ",\"deviceAlgorithm\":\"ecdsa-p256\",\"devicePublicKey\":\"" + p256
            + "\",\"challenge\":\"" + Base64.getEncoder().encodeToString(new byte[31]) + "\",\"proof\":\""
            + Base64.getEncoder().encodeToString(new byte[64]) + "\"}"),
        Arguments.of(enrol, "{\"flightId\":" + flight + ",\"deviceAlgorithm\":\"ecdsa-p256\",\"devicePublicKey\":\"" + p256
            + "\",\"challenge\":\"" + Base64.getEncoder().encodeToString(new byte[32]) + "\",\"proof\":\"not base64!\"}"),
        Arguments.of("/v1/enrolment-challenges", "{\"flightId\":0}"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("invalidFields")
  void invalidFields_getA400ProblemThatNamesTheProblem(String path, String body) {
    String token = path.startsWith("/v1/enrolment") ? wallet.walletToken()
        : path.contains("/flights") || path.contains("/terminals") ? airline.merchantKey() : TestServer.ADMIN_KEY;

    Response response = server.post(path, token, body);

    assertProblem(response, 400);
    assertThat(response.json().get("detail").asText()).isNotBlank();
  }

  @Test
  void badIdsInThePath_are404Problems() {
    for (String path : List.of("/v1/accounts/abc", "/v1/accounts/0", "/v1/accounts/-1",
        "/v1/accounts/99999999999999999999999", "/v1/airlines/1e3/flights", "/v1/nowhere")) {
      assertProblem(server.get(path, TestServer.ADMIN_KEY), 404);
    }
    // Jetty itself refuses an ambiguous encoded path; still a problem detail.
    assertProblem(server.get("/v1/flights/%00/trust-bundle", TestServer.ADMIN_KEY), 400);
    assertProblem(server.post("/v1/credentials/zz/revoke", TestServer.ADMIN_KEY, null), 404);
    assertProblem(server.post("/v1/credentials/0000000000000000/revoke", TestServer.ADMIN_KEY, null), 404);
  }

  @Test
  void aWrongMethod_isA405Problem() {
    assertProblem(server.send("DELETE", "/v1/accounts/" + wallet.id(), TestServer.ADMIN_KEY, null, Map.of()), 405);
  }

  @Test
  void aTopUpInAnotherCurrency_isRefusedClearly() {
    Response response = server.post("/v1/accounts/" + wallet.id() + "/top-ups", TestServer.ADMIN_KEY,
        Map.of("amountMinor", 100, "currency", "EUR"));

    assertProblem(response, 422);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:currency-mismatch");
  }

  @Test
  void hugeHeaders_orTokens_areRefusedWithoutA5xx() {
    Response response = server.get("/v1/accounts/" + wallet.id(), "x".repeat(5000));

    assertThat(response.status()).isBetween(400, 499);
  }

  /** Words that would tell a caller what the server is built from, or that a failure escaped. */
  private static final List<String> INTERNALS = List.of("io.aloft", "com.fasterxml", "jackson", "javalin", "jetty",
      "exception", ".java:", "\tat ", "java.", "jakarta", "hikari", "postgres", "sqlstate");

  /** A refusal says only what the caller needs (successful answers, such as the operator's metrics, are data). */
  private static void assertNothingInternal(String request, Response response) {
    String text = response.status() < 400 ? "" : response.text().toLowerCase(java.util.Locale.ROOT);
    for (String word : INTERNALS) {
      assertThat(text).as("%s → %d %s", request, response.status(), response.text()).doesNotContain(word);
    }
    String serverHeader = String.valueOf(response.header("Server")).toLowerCase(java.util.Locale.ROOT);
    assertThat(serverHeader).as("Server header of %s", request).doesNotContain("jetty");
    if (response.status() >= 400) {
      assertThat(response.contentType()).as("%s → %d %s", request, response.status(), response.text())
          .startsWith("application/problem+json");
    }
  }

  /** A value of the wrong JSON type for a property of the given OpenAPI schema. */
  private static String wrongValue(com.fasterxml.jackson.databind.JsonNode property) {
    String type = property.path("type").asText("object");
    return switch (type) {
      case "integer", "number" -> "\"12\"";
      case "boolean" -> "\"yes\"";
      case "array" -> "{\"a\":1}";
      case "string" -> property.has("enum") ? "7" : "[1, 2]";
      default -> "1.5";
    };
  }

  /** Bodies for a route: malformed JSON, junk bytes, and each documented field with the wrong type. */
  private static List<String> badBodies(com.fasterxml.jackson.databind.JsonNode openApi, Routes.Route route) {
    List<String> bodies = new ArrayList<>(List.of("{", "{\"a\":", "[1,]", "\u0000\u00ff\u0001", "{\"x\":1}x",
        "nul", "\"\\ud800\"", "{\"flightId\":\"1\",\"amountMinor\":\"1\",\"score\":true}", "[]", "7"));
    com.fasterxml.jackson.databind.JsonNode schema = openApi.at("/paths/" + route.path().replace("/", "~1") + "/"
        + route.method() + "/requestBody/content/application~1json/schema/$ref");
    if (!schema.isMissingNode()) {
      com.fasterxml.jackson.databind.JsonNode properties = openApi.at(schema.asText().substring(1) + "/properties");
      properties.fields().forEachRemaining(field -> {
        bodies.add("{\"" + field.getKey() + "\":" + wrongValue(field.getValue()) + "}");
        bodies.add("{\"" + field.getKey() + "\":[[[[{}]]]]}");
      });
    }
    return bodies;
  }

  private static String concrete(String template) {
    return template.replace("{accountId}", Long.toString(wallet.id())).replace("{airlineId}", Long.toString(airline.id()))
        .replace("{flightId}", Long.toString(flight)).replace("{terminalId}", "1").replace("{serial}", "00ff00ff00ff00ff")
        .replace("{caseId}", "1").replace("{endpointId}", "1");
  }

  @Test
  void noAnswer_namesJavaClassesLibrariesOrAStackTrace_onAnyRouteMethodOrBody() throws Exception {
    com.fasterxml.jackson.databind.JsonNode openApi = Json.mapper().readTree(server.get(HttpApi.OPENAPI_PATH, null).raw().body());
    int sent = 0;
    // Rotating or revoking keys here must not revoke the keys the other tests use: those routes
    // act on an airline and an account of their own.
    TestServer.AirlineFixture spareAirline = server.airline();
    TestServer.AccountFixture spareWallet = server.account(700, 0);
    for (Routes.Route route : server.server().routes()) {
      boolean revokes = route.path().contains("/merchant-keys/") || route.path().contains("/wallet-token/");
      String path = revokes ? route.path().replace("{airlineId}", Long.toString(spareAirline.id()))
          .replace("{accountId}", Long.toString(spareWallet.id())) : concrete(route.path());
      String method = route.method().toUpperCase(java.util.Locale.ROOT);
      for (String token : new String[] {TestServer.ADMIN_KEY, airline.merchantKey(), wallet.walletToken()}) {
        for (String body : badBodies(openApi, route)) {
          try {
            assertNothingInternal(method + " " + path + " " + body, server.send(method, path, token, body, Map.of()));
          } catch (java.io.UncheckedIOException closedWhileSending) {
            // A GET is answered without reading a body; Jetty closes the connection when the body's
            // last bytes come after the answer began, which a large answer (the OpenAPI document)
            // can lose to the reset. Nothing leaked.
            assertThat(method).as("%s %s %s", method, path, body).isEqualTo("GET");
          }
          sent++;
        }
        try {
          assertNothingInternal(method + " " + path + " (huge)",
              server.sendAlone(method, path, token, "{\"pad\":\"" + "x".repeat(200_000) + "\"}"));
        } catch (java.io.UncheckedIOException closedWhileSending) {
          // The server answered before reading the body and closed the connection: nothing leaked.
        }
        for (String other : List.of("DELETE", "PATCH", "PUT", "OPTIONS", "GET", "POST")) {
          assertNothingInternal(other + " " + path, server.send(other, path, token, other.equals("GET") ? null : "{}", Map.of()));
        }
      }
      for (String suffix : List.of("/x", "/../../etc/passwd", "%2f..", "/%00", "/%2e%2e", "/" + "a".repeat(3000))) {
        assertNothingInternal("GET " + path + suffix, server.send("GET", path + suffix, TestServer.ADMIN_KEY, null, Map.of()));
      }
    }
    assertNothingInternal("no route", server.get("/v1/nowhere", null));
    assertNothingInternal("huge header", server.sendAlone("GET", "/v1/me", "x".repeat(20_000), null));
    assertNothingInternal("bad header", server.send("GET", "/v1/me", null, null, Map.of("Authorization", "Bearer \u00ff")));
    assertThat(sent).isGreaterThan(300);
  }

  private static void assertProblem(Response response, int status) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("type").asText()).startsWith("urn:aloft:problem:");
    assertThat(response.json().get("status").asInt()).isEqualTo(status);
  }
}
