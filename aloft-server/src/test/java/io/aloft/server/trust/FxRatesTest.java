package io.aloft.server.trust;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.FxRate;
import io.aloft.server.AloftServer;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.testkit.Api.Response;
import io.aloft.testkit.ShiftedClock;
import io.aloft.testkit.TempDirectories;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FX rates: set at start from the configuration and through the API, frozen into each flight's
 * bundle at its scheduled departure.
 */
class FxRatesTest {
  private static final CurrencyUnit EUR = CurrencyUnit.of("EUR");
  private static final CurrencyUnit CNY = CurrencyUnit.of("CNY");
  private static final ShiftedClock CLOCK = new ShiftedClock();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(config -> config.withClock(CLOCK)
        .withFxRates(List.of(FxRate.ofDecimal(EUR, CNY, "7.5"))));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Response put(String token, Object body) {
    return server.send("PUT", "/v1/fx-rates", token, body, Map.of());
  }

  private static TrustBundle bundle(long flightId) throws Exception {
    Response response = TestServer.check(server.get("/v1/flights/" + flightId + "/trust-bundle", TestServer.ADMIN_KEY), 200);
    return TrustBundle.decode(Base64.getDecoder().decode(response.json().get("bundle").asText()));
  }

  private static Map<String, Object> rate(String from, String to, String rate) {
    return Map.of("from", from, "to", to, "rate", rate);
  }

  @Test
  void aChangeAfterDeparture_leavesTheDepartedFlightsRates_andMovesTheOthers() throws Exception {
    TestServer.check(put(TestServer.ADMIN_KEY, Map.of("rates", List.of(rate("EUR", "CNY", "7.5")))), 200);
    AirlineFixture airline = server.airline();
    long departsSoon = server.flight(airline, Duration.ofHours(1));
    long departsLater = server.flight(airline, Duration.ofHours(5));
    assertThat(bundle(departsSoon).fxRate(EUR, CNY)).map(FxRate::decimal).contains("7.5");
    TrustBundle before = bundle(departsSoon);

    CLOCK.advanceTo(Duration.ofHours(2));
    try {
      Response set = TestServer.check(put(TestServer.ADMIN_KEY, Map.of("rates", List.of(rate("EUR", "CNY", "8.25")))), 200);
      assertThat(set.json().get("source").asText()).isEqualTo("api");

      TrustBundle departed = bundle(departsSoon);
      assertThat(departed.bundleVersion()).as("a departed flight gets no new version").isEqualTo(before.bundleVersion());
      assertThat(departed.fxRate(EUR, CNY)).map(FxRate::decimal).contains("7.5");
      assertThat(bundle(departsLater).fxRate(EUR, CNY)).map(FxRate::decimal).contains("8.25");

      // A rebuild of the departed flight's bundle (a revocation, a renewal) still carries its departure rates.
      server.sql("INSERT INTO trust_events (created_at, kind, flight_id) VALUES (now(), 'test', ?)", departsSoon);
      TrustBundle rebuilt = bundle(departsSoon);
      assertThat(rebuilt.bundleVersion()).isGreaterThan(before.bundleVersion());
      assertThat(rebuilt.fxRates()).isEqualTo(before.fxRates());
    } finally {
      CLOCK.advanceTo(Duration.ZERO);
    }
  }

  @Test
  void theCurrentRates_areReadByAnyoneSignedIn_andSetByTheOperatorOnly() {
    AirlineFixture airline = server.airline();
    assertThat(server.get("/v1/fx-rates", null).status()).isEqualTo(401);
    Response read = TestServer.check(server.get("/v1/fx-rates", airline.merchantKey()), 200);
    assertThat(read.json().get("rates")).isNotNull();
    Response refused = put(airline.merchantKey(), Map.of("rates", List.of(rate("EUR", "CNY", "9"))));
    assertThat(refused.status()).isEqualTo(403);
  }

  @Test
  void theSameTableAgain_changesNothing() {
    Response first = TestServer.check(put(TestServer.ADMIN_KEY,
        Map.of("rates", List.of(rate("USD", "CNY", "7.1"), rate("EUR", "CNY", "7.9")))), 200);
    Response again = TestServer.check(put(TestServer.ADMIN_KEY,
        Map.of("rates", List.of(rate("EUR", "CNY", "7.90"), rate("USD", "CNY", "7.1")))), 200);
    assertThat(again.json().get("snapshotId")).isEqualTo(first.json().get("snapshotId"));
    assertThat(TestServer.check(server.get("/v1/fx-rates", TestServer.ADMIN_KEY), 200).json().get("rates").toString())
        .as("in the bundle's order: by ISO 4217 number").isEqualTo(
            "[{\"from\":\"USD\",\"to\":\"CNY\",\"rate\":\"7.1\"},{\"from\":\"EUR\",\"to\":\"CNY\",\"rate\":\"7.9\"}]");
  }

  @Test
  void badTables_areRefusedWithTheFieldNamed() {
    Map<Object, String> cases = Map.of(
        List.of(rate("XXY", "CNY", "1")), "rates[0].from",
        List.of(rate("EUR", "EUR", "1")), "must differ",
        List.of(rate("EUR", "CNY", "7,8")), "rates[0].rate",
        List.of(rate("EUR", "CNY", "0.0000000001")), "at most 9 decimals",
        List.of(rate("EUR", "CNY", "0")), "rates[0].rate",
        List.of(rate("EUR", "CNY", "7"), rate("EUR", "CNY", "8")), "given twice");
    cases.forEach((rates, message) -> {
      Response response = put(TestServer.ADMIN_KEY, Map.of("rates", rates));
      assertThat(response.status()).as(message).isEqualTo(400);
      assertThat(response.json().get("detail").asText()).as(message).contains(message);
    });
    List<Map<String, Object>> tooMany = new java.util.ArrayList<>();
    List<String> codes = CurrencyUnit.all().stream().map(CurrencyUnit::code).filter(c -> !c.equals("CNY")).toList();
    for (int i = 0; i < TrustBundle.MAX_FX_RATES + 1; i++) {
      tooMany.add(rate(codes.get(i), "CNY", "1"));
    }
    assertThat(put(TestServer.ADMIN_KEY, Map.of("rates", tooMany)).status()).isEqualTo(400);
    assertThat(put(TestServer.ADMIN_KEY, Map.of()).status()).isEqualTo(400);
  }

  @Test
  void aRestartWithTheSameConfiguration_keepsRatesSetThroughTheApi() throws Exception {
    List<FxRate> configured = List.of(FxRate.ofDecimal(EUR, CNY, "7.5"));
    String database = io.aloft.server.SharedPostgres.freshDatabase();
    java.nio.file.Path data = java.nio.file.Files.createTempDirectory("aloft-fx-restart-");
    io.aloft.server.ServerConfig config = io.aloft.server.ServerConfig.defaults().withPort(0).withDataDirectory(data)
        .withDatabase(database, null, null).withAdminKey(TestServer.ADMIN_KEY).withFxRates(configured);
    try (AloftServer first = AloftServer.start(config)) {
      assertThat(first.fxRates()).extracting(FxRate::decimal).containsExactly("7.5");
      TestServer.remote(first.baseUrl()).send("PUT", "/v1/fx-rates", TestServer.ADMIN_KEY,
          Map.of("rates", List.of(rate("EUR", "CNY", "7.75"))), Map.of());
      assertThat(first.fxRates()).extracting(FxRate::decimal).containsExactly("7.75");
    }
    try (AloftServer again = AloftServer.start(config)) {
      assertThat(again.fxRates()).as("unchanged configuration").extracting(FxRate::decimal).containsExactly("7.75");
    }
    try (AloftServer changed = AloftServer.start(config.withFxRates(List.of(FxRate.ofDecimal(EUR, CNY, "7.6"))))) {
      assertThat(changed.fxRates()).as("changed configuration").extracting(FxRate::decimal).containsExactly("7.6");
    } finally {
      io.aloft.testkit.TempDirectories.delete(data);
    }
  }
}
