package io.aloft.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AccountFixture;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.testkit.Api.Response;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One-time registration codes enrol exactly one terminal; merchant keys and wallet tokens rotate
 * and revoke, and a revoked one is refused on the very next request.
 */
class SecretLifecycleTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String code(AirlineFixture airline, String by) {
    Response created = TestServer.check(server.post("/v1/airlines/" + airline.id() + "/registration-codes", by,
        Map.of("validMinutes", 30)), 201);
    assertThat(created.json().get("expiresAt").asText()).isNotBlank();
    return created.json().get("registrationCode").asText();
  }

  private static Response register(AirlineFixture airline, String secret, SoftwareSigner key, String idempotencyKey) {
    return server.post("/v1/airlines/" + airline.id() + "/terminals", secret,
        Map.of("publicKey", Devices.publicKeyBase64(key), "displayName", "Galley"),
        Map.of("Idempotency-Key", idempotencyKey));
  }

  private static void assertProblem(Response response, int status, String type) {
    assertThat(response.status()).as(response.text()).isEqualTo(status);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:" + type);
  }

  @Test
  void aRegistrationCode_enrolsOneTerminal_once() {
    AirlineFixture airline = server.airline();
    String code = code(airline, airline.merchantKey());
    assertThat(server.get("/v1/me", code).json().get("role").asText()).isEqualTo("registration");
    TestServer.check(server.get("/v1/airlines/" + airline.id(), code), 200);

    Response first = TestServer.check(register(airline, code, Devices.ed25519(), "enrol-1"), 201);
    long terminalId = first.json().at("/terminal/id").asLong();
    Response retried = TestServer.check(register(airline, code, Devices.ed25519(), "enrol-1"), 409);
    Response second = register(airline, code, Devices.ed25519(), "enrol-2");

    assertThat(retried.json().get("type").asText()).endsWith("idempotency-key-reused");
    assertProblem(second, 409, "registration-code-used");
    assertThat(server.number("SELECT count(*) FROM terminals WHERE airline_id = " + airline.id())).isEqualTo(1);
    assertThat(terminalId).isPositive();
  }

  @Test
  void aRegistrationCode_whoseAnswerWasLost_isRetriedWithItsIdempotencyKey() {
    AirlineFixture airline = server.airline();
    String code = code(airline, TestServer.ADMIN_KEY);
    SoftwareSigner key = Devices.ed25519();

    Response first = TestServer.check(register(airline, code, key, "enrol-lost"), 201);
    Response again = TestServer.check(register(airline, code, key, "enrol-lost"), 201);

    assertThat(again.text()).isEqualTo(first.text());
  }

  @Test
  void aRegistrationCode_doesNothingElse_andNothingForAnotherAirline() {
    AirlineFixture airline = server.airline();
    AirlineFixture other = server.airline();
    String code = code(airline, airline.merchantKey());
    long flight = server.flight(airline, Duration.ofHours(3));

    assertProblem(register(other, code, Devices.ed25519(), "other"), 403, "forbidden");
    assertProblem(server.get("/v1/flights/" + flight + "/trust-bundle", code), 404, "not-found");
    assertProblem(server.get("/v1/airlines/" + airline.id() + "/terminals", code), 403, "forbidden");
    assertProblem(server.post("/v1/airlines/" + airline.id() + "/registration-codes", code, Map.of()), 403,
        "forbidden");
    assertProblem(server.post("/v1/airlines/" + airline.id() + "/merchant-keys/rotate", code, Map.of()), 403,
        "forbidden");
  }

  @Test
  void anExpiredRegistrationCode_isRefused() {
    AirlineFixture airline = server.airline();
    String code = code(airline, airline.merchantKey());
    server.sql("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE kind = 'registration'"
        + " AND airline_id = ?", airline.id());

    assertProblem(register(airline, code, Devices.ed25519(), "late"), 401, "unauthenticated");
  }

  @Test
  void aRegistrationCode_outsideItsBounds_isNotIssued() {
    AirlineFixture airline = server.airline();
    for (int minutes : new int[] {0, -1, 10_081}) {
      assertProblem(server.post("/v1/airlines/" + airline.id() + "/registration-codes", airline.merchantKey(),
          Map.of("validMinutes", minutes)), 400, "invalid-request");
    }
  }

  @Test
  void rotatingAMerchantKey_refusesTheOldOneAtOnce_andTheNewOneWorks() {
    AirlineFixture airline = server.airline();
    Response rotated = TestServer.check(server.post("/v1/airlines/" + airline.id() + "/merchant-keys/rotate",
        airline.merchantKey(), Map.of()), 200);
    String newKey = rotated.json().get("merchantApiKey").asText();

    assertThat(rotated.json().get("revokedKeys").asInt()).isEqualTo(1);
    assertProblem(server.get("/v1/airlines/" + airline.id(), airline.merchantKey()), 401, "unauthenticated");
    TestServer.check(server.get("/v1/airlines/" + airline.id(), newKey), 200);
  }

  @Test
  void revokingAnAirlinesKeys_refusesThemAndItsUnusedCodes_butNotItsTerminals() {
    AirlineFixture airline = server.airline();
    String code = code(airline, airline.merchantKey());
    TestServer.TerminalFixture terminal = server.terminal(airline);

    Response revoked = TestServer.check(server.post("/v1/airlines/" + airline.id() + "/merchant-keys/revoke",
        TestServer.ADMIN_KEY, Map.of()), 200);

    assertThat(revoked.json().get("revokedKeys").asInt()).isEqualTo(2);
    assertProblem(server.get("/v1/me", airline.merchantKey()), 401, "unauthenticated");
    assertProblem(server.get("/v1/me", code), 401, "unauthenticated");
    TestServer.check(server.signed("GET", "/v1/me", terminal.id(), terminal.key(), null), 200);
    String fresh = TestServer.check(server.post("/v1/airlines/" + airline.id() + "/merchant-keys/rotate",
        TestServer.ADMIN_KEY, Map.of()), 200).json().get("merchantApiKey").asText();
    TestServer.check(server.get("/v1/me", fresh), 200);
  }

  @Test
  void anotherAirline_cannotRotateOrRevokeAKey() {
    AirlineFixture airline = server.airline();
    AirlineFixture other = server.airline();

    assertProblem(server.post("/v1/airlines/" + airline.id() + "/merchant-keys/rotate", other.merchantKey(), Map.of()),
        403, "forbidden");
    assertProblem(server.post("/v1/airlines/" + airline.id() + "/merchant-keys/revoke", other.merchantKey(), Map.of()),
        403, "forbidden");
    TestServer.check(server.get("/v1/me", airline.merchantKey()), 200);
  }

  @Test
  void rotatingAWalletToken_refusesTheOldOneAtOnce() {
    AccountFixture account = server.account(700, 0);
    Response rotated = TestServer.check(server.post("/v1/accounts/" + account.id() + "/wallet-token/rotate",
        account.walletToken(), Map.of()), 200);
    String newToken = rotated.json().get("walletToken").asText();

    assertProblem(server.get("/v1/accounts/" + account.id(), account.walletToken()), 401, "unauthenticated");
    TestServer.check(server.get("/v1/accounts/" + account.id(), newToken), 200);
  }

  @Test
  void revokingAWalletToken_refusesItAtOnce_andOnlyTheOperatorOrItsWalletMay() {
    AccountFixture account = server.account(700, 0);
    AccountFixture other = server.account(700, 0);
    assertProblem(server.post("/v1/accounts/" + account.id() + "/wallet-token/revoke", other.walletToken(), Map.of()),
        403, "forbidden");

    Response revoked = TestServer.check(server.post("/v1/accounts/" + account.id() + "/wallet-token/revoke",
        TestServer.ADMIN_KEY, Map.of()), 200);

    assertThat(revoked.json().get("revokedTokens").asInt()).isEqualTo(1);
    assertProblem(server.get("/v1/accounts/" + account.id(), account.walletToken()), 401, "unauthenticated");
    TestServer.check(server.get("/v1/accounts/" + other.id(), other.walletToken()), 200);
  }

  @Test
  void keysOfUnknownOwners_areNotFound() {
    assertProblem(server.post("/v1/airlines/987654/merchant-keys/rotate", TestServer.ADMIN_KEY, Map.of()), 404,
        "not-found");
    assertProblem(server.post("/v1/accounts/987654/wallet-token/rotate", TestServer.ADMIN_KEY, Map.of()), 404,
        "not-found");
  }
}
