package io.aloft.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.TestServer;
import io.aloft.testkit.Api.Response;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The operator's and airlines' API changes leave one audit row each, with who, what and the request id. */
class ApiAuditTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private long rows(String action, String subject) {
    return server.number("SELECT count(*) FROM audit_log WHERE action = '" + action + "' AND subject = '" + subject + "'");
  }

  @Test
  void anAirlinesCreation_flightAndKeyRotation_areAuditedOnce_withTheirRequestIds() {
    TestServer.AirlineFixture airline = server.airline();
    Map<String, Object> flight = Map.of("flightNumber", "7", "flightDate", "2027-01-01",
        "scheduledDeparture", "2027-01-01T10:00:00Z", "scheduledArrival", "2027-01-01T12:00:00Z");
    String flights = "/v1/airlines/" + airline.id() + "/flights";
    Map<String, String> key = Map.of(Idempotency.HEADER, "flight-7-" + airline.id());

    Response created = TestServer.check(server.post(flights, airline.merchantKey(), flight, key), 201);
    Response replayed = TestServer.check(server.post(flights, airline.merchantKey(), flight, key), 201);
    Response rotated = TestServer.check(server.post("/v1/airlines/" + airline.id() + "/merchant-keys/rotate",
        TestServer.ADMIN_KEY, Map.of()), 200);

    assertThat(rows("airline.create", "/v1/airlines")).isPositive();
    assertThat(rows("flight.create", flights)).as("a replayed answer records nothing").isEqualTo(1);
    assertThat(replayed.header(RequestIds.HEADER)).isNotEqualTo(created.header(RequestIds.HEADER));
    assertThat(server.text("SELECT actor || ' ' || request_id FROM audit_log WHERE action = 'flight.create'"
        + " AND subject = '" + flights + "'")).isEqualTo("airline:" + airline.id() + " " + created.header(RequestIds.HEADER));
    assertThat(server.text("SELECT actor || ' ' || request_id FROM audit_log WHERE action = 'merchant-key.rotate'"
        + " AND subject = '/v1/airlines/" + airline.id() + "/merchant-keys/rotate'"))
        .isEqualTo("admin " + rotated.header(RequestIds.HEADER));
  }

  @Test
  void refusedChanges_andDeviceCalls_areNotAudited() {
    TestServer.AirlineFixture airline = server.airline();
    TestServer.AccountFixture wallet = server.account(700, 0);
    String flights = "/v1/airlines/" + airline.id() + "/flights";

    assertThat(server.post(flights, airline.merchantKey(), Map.of("flightNumber", "bad")).status()).isEqualTo(400);
    assertThat(server.post(flights, wallet.walletToken(), Map.of("flightNumber", "1")).status()).isEqualTo(403);

    assertThat(rows("flight.create", flights)).isZero();
  }

  @Test
  void everyAuditedAction_hasWordsInBothConsoleLanguages() {
    for (String action : ApiAudit.ACTIONS.values()) {
      for (String language : new String[] {"en", "zh"}) {
        assertThat(io.aloft.server.console.Language.ofTag(language).orElseThrow().text("action." + action))
            .as(action + " in " + language).doesNotStartWith(io.aloft.server.console.Language.MISSING_MARK);
      }
    }
  }
}
