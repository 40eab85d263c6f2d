package io.aloft.simulation.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.simulation.fuzz.Corpus;
import io.aloft.simulation.support.DatabaseSnapshot;
import io.aloft.simulation.support.SimServer;
import io.aloft.testkit.Api;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every endpoint the served OpenAPI document lists, called the way an attacker or a broken client
 * would: without credentials or with forged ones, by a role it does not admit, by one tenant on
 * another tenant's resources, with garbage path ids, malformed, oversized and wrongly typed bodies,
 * and with methods it does not have. Each answer must be a 4xx RFC 9457 problem, and the database
 * must hold exactly the same rows after the endpoint's hostile set as before it.
 */
class HostileApiTest {
  /**
   * Endpoints that every authenticated caller may read whoever owns the resource
   * (docs/api.md: flights are public to any caller). Everything else is owner-only.
   */
  private static final Set<String> SHARED_READS = Set.of("GET /v1/flights/{flightId}");
  private static final List<String> GARBAGE_IDS = List.of("0", "-1", "abc", "99999999999999999999", "1.5", "1e3",
      "%20", "%00", "987654321", "x".repeat(300), "..%2f1", "0000000000000000", "zz");
  private static final List<String> MALFORMED_BODIES = List.of("", "{", "}", "[]", "null", "\"text\"", "42",
      "{\"a\":1} trailing", "\u0000\u0001\u0002", "[".repeat(5000), "{\"x\":" + "{\"x\":".repeat(40) + "1" + "}".repeat(41),
      "\uFEFF{}", "{\"a\":1,\"a\":2}");

  private static SimServer server;
  private static Api api;
  private static Tenants tenants;
  private static List<Operation> operations;

  @BeforeAll
  static void start() {
    server = new SimServer(Clock.systemUTC(), 7);
    api = server.api();
    tenants = new Tenants(api, Clock.systemUTC());
    operations = Operation.all(api.get("/v1/openapi.json", null).expect(200).json());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void theDocumentListsEveryRouteTheServerAnswers_soNoEndpointEscapesTheHostileSet() {
    assertThat(operations).hasSizeGreaterThanOrEqualTo(20);
    assertThat(operations).anyMatch(o -> o.body().isPresent()).anyMatch(o -> !o.pathParameters().isEmpty());
  }

  @Test
  void theSnapshotSeesAnAcceptedChange_soAnUnchangedOneMeansNothingWasTouched() {
    DatabaseSnapshot before = DatabaseSnapshot.take(server.jdbcUrl());

    api.post("/v1/accounts/" + tenants.b.pathValues().get("accountId") + "/top-ups", SimServer.ADMIN_KEY,
        Map.of("amountMinor", 1, "currency", "CNY")).expect(200);

    assertThat(DatabaseSnapshot.take(server.jdbcUrl()).changedSince(before)).isNotEmpty();
  }

  @TestFactory
  Stream<DynamicTest> everyEndpoint_refusesHostileCallsWithA4xxProblem_andTouchesNoData() {
    return operations.stream().map(operation -> DynamicTest.dynamicTest(operation.toString(), () -> attack(operation)));
  }

  private void attack(Operation operation) {
    DatabaseSnapshot before = DatabaseSnapshot.take(server.jdbcUrl());
    List<String> failures = new ArrayList<>();
    int calls = 0;
    for (HostileCall call : hostileCalls(operation)) {
      Api.Response response = api.send(call.method(), call.path(), null, call.body(), call.contentType(), call.headers());
      calls++;
      checkProblem(call, response).ifPresent(failures::add);
    }
    List<String> changed = DatabaseSnapshot.take(server.jdbcUrl()).changedSince(before);
    System.out.printf("HostileApiTest: %s, %d hostile calls%n", operation, calls);
    assertThat(failures).as(operation + ": answers that are not the expected 4xx problem").isEmpty();
    assertThat(changed).as(operation + ": tables changed by refused calls").isEmpty();
  }

  /** A request and the statuses that would be right for it. */
  record HostileCall(String what, String method, String path, Map<String, String> headers, byte[] body,
      String contentType, Set<Integer> expected) {
    HostileCall {
      headers = Map.copyOf(headers);
    }
  }

  private static List<HostileCall> hostileCalls(Operation operation) {
    List<HostileCall> calls = new ArrayList<>();
    String method = operation.method().toUpperCase(java.util.Locale.ROOT);
    String own = operation.fill(tenants.a.pathValues());
    if (!operation.isPublic()) {
      unauthenticated(operation, method, own, calls);
      wrongRoles(operation, method, own, calls);
      crossTenant(operation, method, calls);
      garbageIds(operation, method, calls);
      bodies(operation, method, own, calls);
    }
    for (String other : List.of("DELETE", "PUT", "PATCH", "GET", "POST")) {
      if (!other.equals(method) && operations.stream().noneMatch(o -> o.path().equals(operation.path())
          && o.method().equalsIgnoreCase(other))) {
        calls.add(new HostileCall("method " + other, other, own, authorization(operation), null, null, Set.of(404, 405)));
      }
    }
    return calls;
  }

  /** The Authorization header of a caller this operation admits: tenant A's, else the operator's. */
  private static Map<String, String> authorization(Operation operation) {
    String scheme = operation.schemes().stream().filter(s -> !s.equals("adminKey")).findFirst()
        .orElse(operation.schemes().isEmpty() ? "adminKey" : operation.schemes().iterator().next());
    return Map.of("Authorization", "Bearer " + tenants.token(scheme, tenants.a));
  }

  private static void unauthenticated(Operation operation, String method, String path, List<HostileCall> calls) {
    Map<String, Map<String, String>> headers = new java.util.LinkedHashMap<>();
    headers.put("no Authorization", Map.of());
    headers.put("empty bearer", Map.of("Authorization", "Bearer "));
    headers.put("unknown bearer", Map.of("Authorization", "Bearer aloft_wallet_" + "0".repeat(43)));
    headers.put("unknown merchant key", Map.of("Authorization", "Bearer aloft_merchant_" + "A".repeat(43)));
    headers.put("basic scheme", Map.of("Authorization", "Basic YWRtaW46YWRtaW4="));
    headers.put("admin key with a suffix", Map.of("Authorization", "Bearer " + SimServer.ADMIN_KEY + "x"));
    headers.put("admin key prefix", Map.of("Authorization", "Bearer " + SimServer.ADMIN_KEY.substring(0, 10)));
    headers.put("two bearers", Map.of("Authorization", "Bearer x Bearer " + SimServer.ADMIN_KEY));
    headers.forEach((what, header) -> calls.add(new HostileCall(what, method, path, header, body(operation),
        contentType(operation), Set.of(401))));
    calls.add(new HostileCall("huge bearer", method, path, Map.of("Authorization", "Bearer " + "x".repeat(9000)),
        body(operation), contentType(operation), Set.of(400, 401, 413, 431)));
  }

  /** Callers the operation does not admit, on tenant A's own resources. */
  private static void wrongRoles(Operation operation, String method, String path, List<HostileCall> calls) {
    for (String scheme : List.of("adminKey", "merchantKey", "walletToken")) {
      if (!operation.schemes().contains(scheme)) {
        calls.add(new HostileCall("as " + scheme, method, path,
            Map.of("Authorization", "Bearer " + tenants.token(scheme, tenants.a)), body(operation), contentType(operation),
            Set.of(403, 404)));
      }
    }
  }

  /** Tenant A's merchant or wallet on tenant B's resources. */
  private static void crossTenant(Operation operation, String method, List<HostileCall> calls) {
    if (operation.pathParameters().isEmpty() || SHARED_READS.contains(operation.toString())) {
      return;
    }
    String theirs = operation.fill(tenants.b.pathValues());
    for (String scheme : operation.schemes()) {
      if (!scheme.equals("adminKey")) {
        calls.add(new HostileCall(scheme + " of A on B's resources", method, theirs,
            Map.of("Authorization", credential(scheme, method, theirs, body(operation))), body(operation),
            contentType(operation), Set.of(403, 404)));
      }
    }
  }

  /** Tenant A's credential of {@code scheme}: a bearer secret, or its terminal's signature over this request. */
  private static String credential(String scheme, String method, String path, byte[] body) {
    if (scheme.equals("terminalSignature")) {
      return io.aloft.protocol.client.RequestSignature.authorization(tenants.a.terminalKey(), tenants.a.terminalId(),
          method, path, body == null ? new byte[0] : body, java.time.Instant.now(), new java.security.SecureRandom());
    }
    return "Bearer " + tenants.token(scheme, tenants.a);
  }

  private static void garbageIds(Operation operation, String method, List<HostileCall> calls) {
    for (String parameter : operation.pathParameters()) {
      for (String garbage : GARBAGE_IDS) {
        Map<String, String> values = new HashMap<>(tenants.a.pathValues());
        values.put(parameter, garbage);
        calls.add(new HostileCall(parameter + " = " + garbage, method, operation.fill(values), authorization(operation),
            body(operation), contentType(operation), Set.of(400, 403, 404)));
      }
    }
  }

  private static void bodies(Operation operation, String method, String path, List<HostileCall> calls) {
    if (operation.body().isEmpty()) {
      return;
    }
    Map<String, String> auth = authorization(operation);
    String type = operation.body().get().contentType();
    for (String malformed : MALFORMED_BODIES) {
      calls.add(new HostileCall("malformed " + abbreviate(malformed), method, path, auth,
          malformed.getBytes(StandardCharsets.UTF_8), type, Set.of(400)));
    }
    for (String key : List.of("", " ", "k".repeat(129), "bad key!", "key\ttab")) {
      Map<String, String> headers = new HashMap<>(auth);
      headers.put("Idempotency-Key", key);
      calls.add(new HostileCall("Idempotency-Key '" + abbreviate(key) + "'", method, path, headers,
          "{".getBytes(StandardCharsets.UTF_8), type, Set.of(400)));
    }
    if (!type.contains("json")) {
      binaryBodies(operation, method, path, auth, type, calls);
    }
    if (type.contains("json")) {
      // JSON bodies are limited to 64 KiB (docs/api.md); device uploads have their own, larger bound.
      calls.add(new HostileCall("oversized body", method, path, auth,
          ("{\"pad\":\"" + "x".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8), type, Set.of(413)));
      JsonNode schema = operation.body().get().schema();
      Map<String, String> own = new HashMap<>(tenants.a.pathValues());
      for (BodyCases.Case body : new BodyCases(own, java.time.Instant.now()).cases(schema)) {
        calls.add(new HostileCall("body " + body.name(), method, path, auth, body.body(), type,
            Set.of(400, 404, 409, 413, 422)));
      }
    }
  }

  /**
   * Device uploads travel in the protocol's binary encoding: garbage, truncated and wrong-type
   * messages, an oversized body, and a batch signed by tenant B's terminal sent with tenant A's key.
   */
  private static void binaryBodies(Operation operation, String method, String path, Map<String, String> auth,
      String type, List<HostileCall> calls) {
    Corpus corpus = new Corpus();
    java.util.SplittableRandom random = new java.util.SplittableRandom(operation.path().hashCode());
    List<byte[]> bodies = new ArrayList<>();
    bodies.add(new byte[0]);
    bodies.add("{}".getBytes(StandardCharsets.UTF_8));
    bodies.add(corpus.batch.toQrText().getBytes(StandardCharsets.US_ASCII));
    for (int i = 0; i < 8; i++) {
      byte[] noise = new byte[1 + random.nextInt(600)];
      random.nextBytes(noise);
      bodies.add(noise);
    }
    byte[] batch = corpus.batch.encode();
    bodies.add(java.util.Arrays.copyOf(batch, batch.length / 2));
    bodies.add(java.util.Arrays.copyOf(batch, batch.length + 3));
    corpus.genuine().stream().filter(m -> m != corpus.batch).forEach(m -> bodies.add(m.encode()));
    for (byte[] body : bodies) {
      calls.add(new HostileCall("binary body of " + body.length + " bytes", method, path, auth, body, type,
          Set.of(400, 403, 413, 422)));
    }
    calls.add(new HostileCall("binary body over 1 MiB", method, path, auth, new byte[1_100_000], type, Set.of(413)));
    if (operation.schemes().contains("merchantKey")) {
      TerminalBatch theirs = new TerminalBatch(tenants.b.terminalId(), 1, Instant.now().truncatedTo(ChronoUnit.SECONDS),
          List.of(), Bytes.empty()).signedBy(tenants.b.terminalKey());
      calls.add(new HostileCall("batch of B's terminal with A's merchant key", method, path, auth, theirs.encode(), type,
          Set.of(403, 404, 422)));
    }
  }

  private static byte[] body(Operation operation) {
    return operation.body().isPresent() ? "{}".getBytes(StandardCharsets.UTF_8) : null;
  }

  private static String contentType(Operation operation) {
    return operation.body().map(Operation.Body::contentType).orElse(null);
  }

  private static java.util.Optional<String> checkProblem(HostileCall call, Api.Response response) {
    String where = call.what() + " -> " + call.method() + " " + abbreviate(call.path()) + ": ";
    if (!call.expected().contains(response.status())) {
      return java.util.Optional.of(where + "status " + response.status() + ", expected one of " + call.expected()
          + "; " + abbreviate(response.text()));
    }
    JsonNode problem = response.json();
    if (!response.header("Content-Type").startsWith("application/problem+json") || problem == null
        || !problem.path("type").asText().startsWith("urn:aloft:problem:")
        || problem.path("status").asInt() != response.status()) {
      return java.util.Optional.of(where + "not a problem detail: " + response.header("Content-Type") + " "
          + abbreviate(response.text()));
    }
    return java.util.Optional.empty();
  }

  private static String abbreviate(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
  }
}
