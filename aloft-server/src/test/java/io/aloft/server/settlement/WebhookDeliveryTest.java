package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import io.aloft.server.webhook.Receiver;
import io.aloft.server.webhook.ReceiverSide;
import io.aloft.server.webhook.WebhookPolicy;
import io.aloft.testkit.Api.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks end to end on a real server and PostgreSQL, to real HTTP receivers on loopback: each
 * event type arrives, signed so that the receiver's check from docs/webhooks.md holds; a receiver
 * that fails and recovers gets the event after retries; one that never recovers ends failed; the
 * delivery log and redelivery work through the API; bad registrations get typed problems.
 */
class WebhookDeliveryTest {
  static final List<String> ALL = List.of("payment.settled", "upload.processed", "case.opened", "case.resolved",
      "account.in_arrears", "payout.created");
  static final List<String> AIRLINE_ALL = List.of("payment.settled", "upload.processed", "case.opened",
      "case.resolved", "payout.created");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final AtomicInteger KEYS = new AtomicInteger();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(config -> config.withWebhooks(WebhookPolicy.defaults().withAllowHttpLoopback(true)
        .withTimeout(Duration.ofSeconds(2)).withMaxAttempts(4)
        .withRetryDelays(Duration.ofMillis(200), Duration.ofMillis(400)).withPollInterval(Duration.ofMillis(50))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  record Endpoint(long id, String secret) {}

  static Endpoint register(String key, String url, List<String> events) {
    Response created = TestServer.check(server.post("/v1/webhook-endpoints", key,
        Map.of("url", url, "events", events, "description", "test receiver")), 201);
    assertThat(created.json().at("/endpoint/status").asText()).isEqualTo("enabled");
    return new Endpoint(created.json().at("/endpoint/id").asLong(), created.json().get("signingSecret").asText());
  }

  static void disable(String key, Endpoint endpoint) {
    TestServer.check(server.post("/v1/webhook-endpoints/" + endpoint.id() + "/disable", key, null), 200);
  }

  /** A flight whose passenger paid 20.00 and a clone of the wallet 25.00 with the same counter, on a 30.00 balance. */
  private static Passenger clonedWallet(Aboard flight) {
    Passenger payer = flight.passenger(3_000);
    flight.board();
    Sale original = flight.oneScan(flight.terminals.get(0), payer, 2_000, false);
    payer.counter--;
    payer.cumulativeMinor -= 2_000;
    Sale copy = flight.oneScan(flight.terminals.get(1), payer, 2_500, false);
    flight.upload(flight.batch(original.terminal(), List.of(original.entry())));
    flight.upload(flight.batch(copy.terminal(), List.of(copy.entry())));
    flight.upload(payer, List.of(original.bill(true)));
    return payer;
  }

  private static Response payout(long airlineId, long amountMinor) {
    return server.post("/v1/airlines/" + airlineId + "/payouts", TestServer.ADMIN_KEY,
        Map.of("amountMinor", amountMinor, "currency", "CNY"),
        Map.of("Idempotency-Key", "payout-" + KEYS.incrementAndGet()));
  }

  private static Set<String> types(List<Receiver.Received> received) {
    Set<String> types = new HashSet<>();
    received.forEach(r -> types.add(r.type()));
    return types;
  }

  private static void assertSigned(Receiver.Received delivery, String secret) {
    assertThat(ReceiverSide.verify(secret, delivery.signature(), delivery.body(), Instant.now().getEpochSecond(), 300))
        .as("signature of " + delivery.type()).isTrue();
    assertThat(delivery.contentType()).isEqualTo("application/json");
    JsonNode body = delivery.json();
    assertThat(body.get("id").isIntegralNumber()).isTrue();
    assertThat(Instant.parse(body.get("createdAt").asText())).isBefore(Instant.now().plusSeconds(1));
    assertThat(body.get("data").isObject()).isTrue();
  }

  @Test
  void everyEventType_reachesTheOperator_andTheAirlineGetsItsOwn_eachSigned() {
    try (Receiver operator = Receiver.start(); Receiver airline = Receiver.start(); Receiver other = Receiver.start()) {
      Aboard flight = new Aboard(server, 2);
      TestServer.AirlineFixture stranger = server.airline();
      Endpoint operatorEndpoint = register(TestServer.ADMIN_KEY, operator.url(), ALL);
      Endpoint airlineEndpoint = register(flight.airline.merchantKey(), airline.url(), AIRLINE_ALL);
      Endpoint otherEndpoint = register(stranger.merchantKey(), other.url(), AIRLINE_ALL);
      try {
        Passenger payer = clonedWallet(flight);
        long caseId = server.number("SELECT id FROM cases WHERE kind = 'double_spend' AND account_id = "
            + payer.accountId);
        TestServer.check(server.post("/v1/cases/" + caseId + "/resolution", TestServer.ADMIN_KEY,
            Map.of("resolution", "write_off", "note", "Cloned wallet, unrecoverable.")), 200);
        TestServer.check(payout(flight.airline.id(), 1_000), 201);

        List<Receiver.Received> atOperator = operator.await(r -> types(r).containsAll(ALL), WAIT, "every event type");
        List<Receiver.Received> atAirline = airline.await(r -> types(r).containsAll(AIRLINE_ALL), WAIT,
            "the airline's event types");
        atOperator.forEach(delivery -> assertSigned(delivery, operatorEndpoint.secret()));
        atAirline.forEach(delivery -> assertSigned(delivery, airlineEndpoint.secret()));
        assertThat(types(atAirline)).doesNotContain("account.in_arrears");
        atAirline.forEach(d -> assertThat(d.json().at("/data/airlineId").asLong()).isEqualTo(flight.airline.id()));
        assertThat(other.received()).as("another airline's receiver").isEmpty();
        assertThat(ReceiverSide.verify(airlineEndpoint.secret(), atOperator.get(0).signature(),
            atOperator.get(0).body(), Instant.now().getEpochSecond(), 300)).as("another endpoint's secret").isFalse();

        JsonNode payment = only(atOperator, "payment.settled", flight.airline.id(), 2_000).json();
        assertThat(payment.at("/data/charged/currency").asText()).isEqualTo("CNY");
        assertThat(payment.at("/data/fee/amountMinor").asLong()).isEqualTo(12);
        assertThat(payment.at("/data/flightId").asLong()).isEqualTo(flight.flightId);
        JsonNode arrears = atOperator.stream().filter(d -> d.type().equals("account.in_arrears")
            && d.json().at("/data/accountId").asLong() == payer.accountId).findFirst().orElseThrow().json();
        assertThat(arrears.at("/data/arrears").toString()).isEqualTo("{\"amountMinor\":1500,\"currency\":\"CNY\"}");
        JsonNode opened = atAirline.stream().filter(d -> d.type().equals("case.opened")).findFirst().orElseThrow().json();
        assertThat(opened.at("/data/caseId").asLong()).isEqualTo(caseId);
        assertThat(opened.at("/data/kind").asText()).isEqualTo("double_spend");
        JsonNode resolved = atAirline.stream().filter(d -> d.type().equals("case.resolved")).findFirst().orElseThrow()
            .json();
        assertThat(resolved.at("/data/resolution").asText()).isEqualTo("write_off");
        assertThat(resolved.at("/data/payer/amountMinor").asLong()).isEqualTo(1_500);
        JsonNode paid = atAirline.stream().filter(d -> d.type().equals("payout.created")).findFirst().orElseThrow()
            .json();
        assertThat(paid.at("/data/amount").toString()).isEqualTo("{\"amountMinor\":1000,\"currency\":\"CNY\"}");
        assertThat(paid.at("/data/reference").asText()).matches("PO-[0-9]{6,}");
        JsonNode upload = atAirline.stream().filter(d -> d.type().equals("upload.processed")).findFirst()
            .orElseThrow().json();
        assertThat(upload.at("/data/source").asText()).isEqualTo("terminal_batch");
        assertThat(upload.at("/data/items").asInt()).isEqualTo(1);
        assertThat(atAirline).noneMatch(d -> d.json().at("/data/source").asText().equals("wallet_upload"));
        JsonNode walletUpload = operator.await(r -> r.stream().anyMatch(d -> d.json().at("/data/accountId").asLong()
            == payer.accountId && d.type().equals("upload.processed")), WAIT, "the wallet's upload").stream()
            .filter(d -> d.type().equals("upload.processed") && d.json().at("/data/accountId").asLong()
                == payer.accountId).findFirst().orElseThrow().json();
        assertThat(walletUpload.at("/data/source").asText()).isEqualTo("wallet_upload");
        assertThat(walletUpload.at("/data/outcomes").toString()).isEqualTo("{\"duplicate\":1}");

        JsonNode listed = TestServer.check(server.get("/v1/webhook-events?limit=100", flight.airline.merchantKey()),
            200).json();
        Map<Long, JsonNode> listedById = new java.util.HashMap<>();
        listed.get("data").forEach(e -> listedById.put(e.get("id").asLong(), e));
        atAirline.forEach(d -> assertThat(listedById.get(d.eventId())).as("the listed event is the delivered one")
            .isEqualTo(d.json()));
      } finally {
        disable(TestServer.ADMIN_KEY, operatorEndpoint);
      }
    }
  }

  private static Receiver.Received only(List<Receiver.Received> received, String type, long airlineId,
      long chargedMinor) {
    List<Receiver.Received> found = received.stream().filter(d -> d.type().equals(type)
        && d.json().at("/data/airlineId").asLong() == airlineId
        && d.json().at("/data/charged/amountMinor").asLong() == chargedMinor).toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  /** An airline with 50.00 settled, a receiver for its payouts, and one payout of 1.00 made. */
  private static Aboard paidOut(Receiver receiver, Endpoint[] endpoint) {
    Aboard flight = new Aboard(server, 1);
    endpoint[0] = register(flight.airline.merchantKey(), receiver.url(), List.of("payout.created"));
    Passenger payer = flight.passenger(100_000);
    flight.board();
    Sale sale = flight.oneScan(flight.terminals.get(0), payer, 5_000, false);
    flight.upload(flight.batch(sale.terminal(), List.of(sale.entry())));
    TestServer.check(payout(flight.airline.id(), 100), 201);
    return flight;
  }

  @Test
  void aReceiverThatFailsThenRecovers_getsTheEvent_theLogShowsEachAttempt_andRedeliverySendsItAgain() {
    try (Receiver receiver = Receiver.start()) {
      receiver.answer(n -> n <= 2 ? 503 : 200);
      Endpoint[] endpoint = new Endpoint[1];
      Aboard flight = paidOut(receiver, endpoint);
      String key = flight.airline.merchantKey();
      receiver.await(r -> r.size() == 3, WAIT, "three attempts");
      List<Receiver.Received> got = receiver.received();
      assertThat(got).extracting(Receiver.Received::answeredWith).containsExactly(503, 503, 200);
      assertThat(got).allSatisfy(d -> assertThat(d.body()).isEqualTo(got.get(0).body()));
      got.forEach(d -> assertSigned(d, endpoint[0].secret()));

      JsonNode delivery = awaitDelivery(key, endpoint[0], "delivered");
      assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
      List<Integer> codes = new ArrayList<>();
      delivery.get("log").forEach(attempt -> {
        codes.add(attempt.get("statusCode").asInt());
        assertThat(attempt.get("durationMs").asLong()).isNotNegative();
        assertThat(Instant.parse(attempt.get("at").asText())).isBefore(Instant.now().plusSeconds(1));
      });
      assertThat(codes).containsExactly(503, 503, 200);
      long eventId = delivery.get("eventId").asLong();
      assertThat(eventId).isEqualTo(got.get(0).eventId());

      Response again = server.post("/v1/webhook-endpoints/" + endpoint[0].id() + "/redeliver", key,
          Map.of("eventId", eventId));
      assertThat(again.status()).as(again.text()).isEqualTo(202);
      receiver.await(r -> r.size() == 4, WAIT, "the redelivery");
      assertThat(receiver.received().get(3).body()).isEqualTo(got.get(0).body());
      assertThat(awaitDelivery(key, endpoint[0], "delivered").get("attempts").asInt()).isEqualTo(1);

      assertProblem(server.post("/v1/webhook-endpoints/" + endpoint[0].id() + "/redeliver", key,
          Map.of("eventId", 999_999_999)), 404, "not-found");
      long settledEvent = server.number("SELECT max(id) FROM webhook_events WHERE type = 'payment.settled'"
          + " AND airline_id = " + flight.airline.id());
      assertProblem(server.post("/v1/webhook-endpoints/" + endpoint[0].id() + "/redeliver", key,
          Map.of("eventId", settledEvent)), 422, "webhook-event-not-subscribed");
      assertProblem(server.post("/v1/webhook-endpoints/" + endpoint[0].id() + "/redeliver", TestServer.ADMIN_KEY,
          Map.of("eventId", eventId)), 404, "not-found");
    }
  }

  @Test
  void aReceiverThatNeverRecovers_isTriedTheMaximumNumberOfTimes_thenFailed() {
    try (Receiver receiver = Receiver.start()) {
      receiver.answer(n -> 500);
      Endpoint[] endpoint = new Endpoint[1];
      Aboard flight = paidOut(receiver, endpoint);
      JsonNode delivery = awaitDelivery(flight.airline.merchantKey(), endpoint[0], "failed");
      assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
      assertThat(delivery.get("log")).hasSize(4);
      assertThat(receiver.received()).hasSize(4);
    }
  }

  @Test
  void aDisabledEndpoint_getsNoNewEvents() {
    try (Receiver receiver = Receiver.start()) {
      Endpoint[] endpoint = new Endpoint[1];
      Aboard flight = paidOut(receiver, endpoint);
      receiver.await(r -> r.size() == 1, WAIT, "the first payout");
      disable(flight.airline.merchantKey(), endpoint[0]);
      JsonNode shown = TestServer.check(server.get("/v1/webhook-endpoints/" + endpoint[0].id(),
          flight.airline.merchantKey()), 200).json();
      assertThat(shown.get("status").asText()).isEqualTo("disabled");
      TestServer.check(payout(flight.airline.id(), 100), 201);
      assertThat(server.number("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = " + endpoint[0].id()))
          .as("no delivery for an event after the endpoint was disabled").isEqualTo(1);
      assertThat(receiver.received()).hasSize(1);
    }
  }

  private static JsonNode awaitDelivery(String key, Endpoint endpoint, String status) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonNode newest = null;
    while (System.nanoTime() < deadline) {
      JsonNode list = TestServer.check(server.get("/v1/webhook-endpoints/" + endpoint.id() + "/deliveries", key),
          200).json();
      newest = list.get("data").get(0);
      if (newest != null && newest.get("status").asText().equals(status)) {
        return newest;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("the delivery did not become " + status + ": " + newest);
  }

  static void assertProblem(Response response, int status, String slug) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:" + slug);
  }

  @Test
  void badRegistrations_areRefusedWithTypedProblems_andNothingIsRegistered() {
    TestServer.AirlineFixture airline = server.airline();
    String key = airline.merchantKey();
    long before = server.number("SELECT count(*) FROM webhook_endpoints");
    String[][] refused = {
        {"http://hooks.example.com/aloft", "webhook-url-invalid"},
        {"ftp://hooks.example.com/aloft", "webhook-url-invalid"},
        {"https://user:secret@hooks.example.com/", "webhook-url-invalid"},
        {"https://10.1.2.3/hooks", "webhook-url-invalid"},
        {"https://169.254.169.254/latest/meta-data", "webhook-url-invalid"},
        {"not a url", "webhook-url-invalid"},
        {"https://hooks.example.com/" + "a".repeat(2048), "webhook-url-invalid"}};
    for (String[] url : refused) {
      assertProblem(server.post("/v1/webhook-endpoints", key, Map.of("url", url[0], "events", List.of("payout.created"))),
          400, url[1]);
    }
    String good = "https://hooks.example.com/aloft";
    assertProblem(server.post("/v1/webhook-endpoints", key, Map.of("url", good, "events", List.of("payout.made"))),
        400, "webhook-event-unknown");
    assertProblem(server.post("/v1/webhook-endpoints", key, Map.of("url", good, "events",
        List.of("account.in_arrears"))), 400, "webhook-event-not-available");
    assertProblem(server.post("/v1/webhook-endpoints", key, Map.of("url", good, "events", List.of())), 400,
        "invalid-request");
    assertProblem(server.post("/v1/webhook-endpoints", key, Map.of("url", good, "events",
        List.of("payout.created", "payout.created"))), 400, "invalid-request");
    assertProblem(server.post("/v1/webhook-endpoints", key, Map.of("url", good)), 400, "invalid-request");
    assertProblem(server.post("/v1/webhook-endpoints", key, Map.of("url", good, "events", "payout.created")), 400,
        "invalid-request");
    assertProblem(server.post("/v1/webhook-endpoints", key, Map.of("url", good, "events", List.of("payout.created"),
        "secret", "mine")), 400, "invalid-request");
    TestServer.AccountFixture wallet = server.account(700, 1_000);
    assertProblem(server.post("/v1/webhook-endpoints", wallet.walletToken(), Map.of("url", good, "events",
        List.of("payout.created"))), 403, "forbidden");
    assertProblem(server.post("/v1/webhook-endpoints", null, Map.of("url", good, "events",
        List.of("payout.created"))), 401, "unauthenticated");
    assertThat(server.number("SELECT count(*) FROM webhook_endpoints")).isEqualTo(before);
  }

  @Test
  void anOwnerHasAtMostTenEnabledEndpoints_listedNewestFirstInPages_andSeesNoOneElses() {
    TestServer.AirlineFixture airline = server.airline();
    String key = airline.merchantKey();
    List<Endpoint> made = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      made.add(register(key, "https://hooks.example.com/" + i, List.of("payment.settled")));
    }
    Response eleventh = server.post("/v1/webhook-endpoints", key, Map.of("url", "https://hooks.example.com/10",
        "events", List.of("payment.settled")));
    assertProblem(eleventh, 409, "webhook-endpoint-limit");
    assertThat(eleventh.json().get("limit").asInt()).isEqualTo(10);
    disable(key, made.get(0));
    register(key, "https://hooks.example.com/10", List.of("payment.settled"));

    JsonNode first = TestServer.check(server.get("/v1/webhook-endpoints?limit=4", key), 200).json();
    assertThat(first.get("data")).hasSize(4);
    assertThat(first.get("hasMore").asBoolean()).isTrue();
    assertThat(first.at("/data/0/url").asText()).isEqualTo("https://hooks.example.com/10");
    assertThat(first.at("/data/0/signingSecret").isMissingNode()).as("the secret is shown once").isTrue();
    long after = first.at("/data/3/id").asLong();
    JsonNode rest = TestServer.check(server.get("/v1/webhook-endpoints?limit=100&starting_after=" + after, key), 200)
        .json();
    assertThat(rest.get("data")).hasSize(7);
    assertThat(rest.get("hasMore").asBoolean()).isFalse();
    assertProblem(server.get("/v1/webhook-endpoints?limit=0", key), 400, "invalid-limit");
    assertProblem(server.get("/v1/webhook-endpoints?starting_after=x", key), 400, "invalid-cursor");

    TestServer.AirlineFixture stranger = server.airline();
    assertProblem(server.get("/v1/webhook-endpoints/" + made.get(1).id(), stranger.merchantKey()), 404, "not-found");
    assertProblem(server.post("/v1/webhook-endpoints/" + made.get(1).id() + "/disable", stranger.merchantKey(), null),
        404, "not-found");
    assertProblem(server.get("/v1/webhook-endpoints/" + made.get(1).id(), TestServer.ADMIN_KEY), 404, "not-found");
    assertThat(TestServer.check(server.get("/v1/webhook-endpoints", stranger.merchantKey()), 200).json()
        .get("data")).isEmpty();
    assertThat(server.text("SELECT action FROM audit_log WHERE actor = 'airline:" + airline.id()
        + "' AND action LIKE 'webhook-endpoint.%' ORDER BY id DESC LIMIT 1")).isEqualTo("webhook-endpoint.create");
  }

  @Test
  void withoutTheSetting_plainHttpToLoopbackIsRefused() {
    try (TestServer strict = TestServer.start()) {
      Response refused = strict.post("/v1/webhook-endpoints", TestServer.ADMIN_KEY,
          Map.of("url", "http://127.0.0.1:9/hooks", "events", List.of("payout.created")));
      assertProblem(refused, 400, "webhook-url-invalid");
      assertThat(refused.json().get("detail").asText()).contains("webhooks.allow_http_loopback");
      TestServer.check(strict.post("/v1/webhook-endpoints", TestServer.ADMIN_KEY,
          Map.of("url", "https://127.0.0.1:9/hooks", "events", List.of("payout.created"))), 201);
    }
  }
}
