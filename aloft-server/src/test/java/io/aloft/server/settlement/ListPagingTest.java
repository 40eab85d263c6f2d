package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.server.TestServer;
import io.aloft.testkit.Api.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every list of the API pages one way (docs/api.md, "Lists"): walked two items at a time it yields
 * each item exactly once, newest first, and ends with {@code hasMore} false, even when an item is
 * added while it walks; a bad {@code limit} or {@code starting_after} is refused with its own
 * problem type. The cases here are the lists' whole reading side, so some are staged in SQL.
 */
class ListPagingTest {
  private static TestServer server;
  private static Aboard flight;
  private static TestServer.AirlineFixture otherAirline;
  private static int payouts;

  /**
   * One list: its path, who reads it, the rows it shows ({@code FROM ... WHERE ...} of its table),
   * and how to add an item to it.
   */
  record Endpoint(String name, String path, String token, String rows, Runnable addOne) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** An endpoint of the airline that takes its payouts: every payout adds one of its deliveries. */
  private static long webhookEndpoint;
  private static int webhookEndpoints;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    flight = new Aboard(server, 1);
    webhookEndpoint = addWebhookEndpoint();
    Aboard.Passenger payer = flight.passenger(100_000);
    flight.board();
    Aboard.Crew cart = flight.terminals.get(0);
    Aboard.Sale first = flight.handshake(cart, payer, 4_000);
    Aboard.Sale second = flight.handshake(cart, payer, 2_550);
    assertThat(flight.upload(flight.batch(cart, List.of(first.entry(), second.entry()))).entries())
        .allMatch(entry -> entry.outcome() == SettlementOutcome.SETTLED);
    otherAirline = server.airline();
    for (int i = 0; i < 5; i++) {
      lists().forEach(list -> list.addOne().run());
      addCase(otherAirline.id());
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<Endpoint> lists() {
    long airlineId = flight.airline.id();
    String merchant = flight.airline.merchantKey();
    String airline = "/v1/airlines/" + airlineId;
    return List.of(
        new Endpoint("flights", airline + "/flights", merchant, "flights WHERE airline_id = " + airlineId,
            () -> server.flight(flight.airline, Duration.ofHours(5))),
        new Endpoint("terminals", airline + "/terminals", merchant, "terminals WHERE airline_id = " + airlineId,
            () -> server.terminal(flight.airline)),
        new Endpoint("airline cases", airline + "/cases", merchant, "cases WHERE airline_id = " + airlineId,
            () -> addCase(airlineId)),
        new Endpoint("all cases", "/v1/cases", TestServer.ADMIN_KEY, "cases WHERE true",
            () -> addCase(otherAirline.id())),
        new Endpoint("ledger entries", "/v1/ledger/entries", TestServer.ADMIN_KEY, "ledger_entries WHERE true",
            () -> server.account(null, 100)),
        new Endpoint("payouts", airline + "/payouts", TestServer.ADMIN_KEY, "payouts WHERE airline_id = " + airlineId,
            ListPagingTest::addPayout),
        new Endpoint("webhook endpoints", "/v1/webhook-endpoints", merchant,
            "webhook_endpoints WHERE airline_id = " + airlineId, ListPagingTest::addWebhookEndpoint),
        new Endpoint("webhook deliveries", "/v1/webhook-endpoints/" + webhookEndpoint + "/deliveries", merchant,
            "webhook_deliveries WHERE endpoint_id = " + webhookEndpoint, ListPagingTest::addPayout),
        new Endpoint("webhook events", "/v1/webhook-events", merchant, "webhook_events WHERE airline_id = " + airlineId,
            ListPagingTest::addPayout));
  }

  private static void addPayout() {
    TestServer.check(server.post("/v1/airlines/" + flight.airline.id() + "/payouts", TestServer.ADMIN_KEY,
        Map.of("amountMinor", 1, "currency", "CNY"), Map.of("Idempotency-Key", "page-" + ++payouts)), 201);
  }

  private static long addWebhookEndpoint() {
    return TestServer.check(server.post("/v1/webhook-endpoints", flight.airline.merchantKey(), Map.of("url",
        "https://hooks.example.com/" + ++webhookEndpoints, "events", List.of("payout.created"))), 201)
        .json().at("/endpoint/id").asLong();
  }

  /** A case row as settlement writes one (a double spend names the credential with counter 0). */
  private static void addCase(long airlineId) {
    byte[] serial = new byte[16];
    Aboard.RANDOM.nextBytes(serial);
    server.sql("INSERT INTO cases (created_at, kind, serial, counter, flight_id, account_id, airline_id, detail,"
        + " evidence_digest) VALUES (now(), 'double_spend', ?, 0, ?, 1, ?, 'staged', ?)", serial, flight.flightId,
        airlineId, serial);
  }

  /** The ids the list should show, newest first, as the database holds them now. */
  private static List<Long> idsInDatabase(Endpoint list) {
    String ids = server.text("SELECT string_agg(id::text, ',' ORDER BY id DESC) FROM " + list.rows());
    return Arrays.stream(ids.split(",")).map(Long::parseLong).toList();
  }

  private static JsonNode page(Endpoint list, String query) {
    return TestServer.check(server.get(list.path() + "?" + query, list.token()), 200).json();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("lists")
  void walkedTwoAtATime_givesEveryItemOnceNewestFirst_evenWhenOneIsAddedMeanwhile(Endpoint list) {
    List<Long> expected = idsInDatabase(list);
    assertThat(expected).as("more items than a page").hasSizeGreaterThan(4);
    assertThat(page(list, "").get("data")).as("the default limit, 25").hasSize(Math.min(25, expected.size()));

    List<Long> seen = new ArrayList<>();
    JsonNode page = page(list, "limit=2");
    list.addOne().run();
    int pages = 1;
    while (true) {
      assertThat(page.get("data")).hasSizeBetween(1, 2);
      page.get("data").forEach(item -> seen.add(item.get("id").asLong()));
      if (!page.get("hasMore").asBoolean()) {
        break;
      }
      page = page(list, "limit=2&starting_after=" + seen.get(seen.size() - 1));
      pages++;
    }
    assertThat(seen).as("every item once, newest first; the added one is newer than the walk").isEqualTo(expected);
    assertThat(pages).isEqualTo((expected.size() + 1) / 2);
    assertThat(idsInDatabase(list)).as("the added item").hasSizeGreaterThan(expected.size());
    assertThat(page(list, "limit=1").at("/data/0/id").asLong()).as("it heads the list")
        .isEqualTo(idsInDatabase(list).get(0));
  }

  @Test
  void theOpenApiDocument_pagesExactlyTheseLists_withOnePageShape() {
    JsonNode document = TestServer.check(server.get("/v1/openapi.json", null), 200).json();
    List<String> paged = new ArrayList<>();
    document.get("paths").fields().forEachRemaining(path -> {
      JsonNode get = path.getValue().path("get");
      if (get.path("parameters").toString().contains("#/components/parameters/StartingAfter")) {
        assertThat(get.path("parameters").toString()).as(path.getKey()).contains("#/components/parameters/Limit");
        String schema = get.at("/responses/200/content/application~1json/schema/$ref").asText();
        JsonNode page = document.at(schema.substring(1));
        assertThat(page.get("required")).as(schema).extracting(JsonNode::asText).contains("data", "hasMore");
        paged.add(path.getKey().replaceAll("\\{airlineId}", Long.toString(flight.airline.id()))
            .replaceAll("\\{endpointId}", Long.toString(webhookEndpoint)));
      }
    });
    assertThat(paged).containsExactlyInAnyOrderElementsOf(lists().stream().map(Endpoint::path).toList());
  }

  static Stream<Arguments> badPages() {
    List<String> limits = List.of("limit=0", "limit=101", "limit=ten", "limit=-1", "limit=2.5", "limit=",
        "limit=99999999999", "limit=1&limit=2");
    List<String> cursors = List.of("starting_after=abc", "starting_after=0", "starting_after=-5", "starting_after=",
        "starting_after=1e3", "starting_after=9999999999999999999", "starting_after=1&starting_after=2");
    return lists().stream().flatMap(list -> Stream.concat(
        limits.stream().map(query -> Arguments.of(list, query, "invalid-limit")),
        cursors.stream().map(query -> Arguments.of(list, query, "invalid-cursor"))));
  }

  @ParameterizedTest(name = "{0} ?{1}")
  @MethodSource("badPages")
  void aBadLimitOrCursor_isRefusedWithItsProblemType(Endpoint list, String query, String problem) {
    Response response = server.get(list.path() + "?" + query, list.token());
    assertThat(response.status()).as(response.text()).isEqualTo(400);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:" + problem);
    assertThat(response.json().get("detail").asText()).contains(query.substring(0, query.indexOf('=')));
  }
}
