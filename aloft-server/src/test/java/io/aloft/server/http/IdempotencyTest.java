package io.aloft.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AccountFixture;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.testkit.Api.Response;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

public class IdempotencyTest {
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Map<String, String> key(String key) {
    return Map.of("Idempotency-Key", key);
  }

  private static Map<String, Object> newAccount(String name) {
    return Map.of("displayName", name, "identityLevel", 3, "currency", "CNY", "openingBalanceMinor", 1000);
  }

  @Test
  void aReplayedCreate_returnsTheFirstResponse_andCreatesOnce() {
    String key = UUID.randomUUID().toString();
    Response first = server.post("/v1/accounts", TestServer.ADMIN_KEY, newAccount("Ann"), key(key));
    Response replay = server.post("/v1/accounts", TestServer.ADMIN_KEY, newAccount("Ann"), key(key));

    TestServer.check(first, 201);
    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.text()).isEqualTo(first.text());
    long id = first.json().at("/account/id").asLong();
    Response next = TestServer.check(server.post("/v1/accounts", TestServer.ADMIN_KEY, newAccount("Bob")), 201);
    assertThat(next.json().at("/account/id").asLong()).isEqualTo(id + 1);
  }

  @Test
  void theSameKeyWithADifferentBody_is409() {
    String key = UUID.randomUUID().toString();
    TestServer.check(server.post("/v1/accounts", TestServer.ADMIN_KEY, newAccount("Cat"), key(key)), 201);

    Response conflict = server.post("/v1/accounts", TestServer.ADMIN_KEY, newAccount("Dan"), key(key));

    assertThat(conflict.status()).isEqualTo(409);
    assertThat(conflict.json().get("type").asText()).isEqualTo("urn:aloft:problem:idempotency-key-reused");
  }

  @Test
  void aReplayedTopUp_creditsOnce() {
    AccountFixture account = server.account(700, 0);
    String key = UUID.randomUUID().toString();
    Map<String, Object> topUp = Map.of("amountMinor", 2_500, "currency", "CNY");
    String path = "/v1/accounts/" + account.id() + "/top-ups";

    for (int i = 0; i < 3; i++) {
      TestServer.check(server.post(path, TestServer.ADMIN_KEY, topUp, key(key)), 200);
    }

    Response read = server.get("/v1/accounts/" + account.id(), account.walletToken());
    assertThat(read.json().at("/balance/amountMinor").asLong()).isEqualTo(2_500);
  }

  /** Stages what a server killed between the effect and the stored answer leaves: a reservation without a response. */
  public static void dieBeforeAnswering(TestServer server, String key, Duration ago) {
    int staged = server.sql("UPDATE idempotency_records SET response_status = NULL, response_type = NULL,"
        + " response_body = NULL, created_at = now() - make_interval(secs => ?) WHERE idempotency_key = ?",
        (double) ago.toSeconds(), key);
    assertThat(staged).isEqualTo(1);
  }

  @Test
  void aTopUpWhoseServerDiedBeforeAnswering_isNeverRunAgain_andAfterFiveMinutesSaysSo() {
    AccountFixture account = server.account(700, 0);
    String key = UUID.randomUUID().toString();
    Map<String, Object> topUp = Map.of("amountMinor", 2_500, "currency", "CNY");
    String path = "/v1/accounts/" + account.id() + "/top-ups";
    TestServer.check(server.post(path, TestServer.ADMIN_KEY, topUp, key(key)), 200);

    dieBeforeAnswering(server, key, Duration.ofMinutes(1));
    Response soon = server.post(path, TestServer.ADMIN_KEY, topUp, key(key));
    dieBeforeAnswering(server, key, Duration.ofMinutes(6));
    Response later = server.post(path, TestServer.ADMIN_KEY, topUp, key(key));

    assertThat(soon.status()).isEqualTo(409);
    assertThat(soon.json().get("type").asText()).isEqualTo("urn:aloft:problem:idempotency-in-progress");
    assertThat(later.status()).isEqualTo(409);
    assertThat(later.json().get("type").asText()).isEqualTo("urn:aloft:problem:idempotency-abandoned");
    Response read = server.get("/v1/accounts/" + account.id(), account.walletToken());
    assertThat(read.json().at("/balance/amountMinor").asLong()).as("credited once").isEqualTo(2_500);
  }

  @Test
  void anExpectedRefusal_isReplayedToo() {
    AccountFixture account = server.account(700, 0);
    String key = UUID.randomUUID().toString();
    Map<String, Object> euro = Map.of("amountMinor", 100, "currency", "EUR");
    String path = "/v1/accounts/" + account.id() + "/top-ups";

    Response first = server.post(path, TestServer.ADMIN_KEY, euro, key(key));
    Response replay = server.post(path, TestServer.ADMIN_KEY, euro, key(key));

    assertThat(first.status()).isEqualTo(422);
    assertThat(replay.status()).isEqualTo(422);
    assertThat(replay.text()).isEqualTo(first.text());
    assertThat(replay.contentType()).startsWith("application/problem+json");
  }

  @Test
  void keysAreScopedPerCaller() {
    AirlineFixture a = server.airline();
    AirlineFixture b = server.airline();
    String key = "shared-key-" + UUID.randomUUID();
    Map<String, Object> terminal = Map.of("publicKey", Devices.publicKeyBase64(Devices.ed25519()), "displayName", "T");

    Response forA = server.post("/v1/airlines/" + a.id() + "/terminals", a.merchantKey(), terminal, key(key));
    Response forB = server.post("/v1/airlines/" + b.id() + "/terminals", b.merchantKey(),
        Map.of("publicKey", Devices.publicKeyBase64(Devices.ed25519()), "displayName", "T"), key(key));

    TestServer.check(forA, 201);
    TestServer.check(forB, 201);
    assertThat(forB.json().at("/terminal/airlineId").asLong()).isEqualTo(b.id());
  }

  @Test
  void aReplayedEnrolment_returnsTheSameCredential() {
    AirlineFixture airline = server.airline();
    long flight = server.flight(airline, Duration.ofHours(3));
    AccountFixture account = server.account(700, 0);
    Map<String, Object> body = Devices.enrolment(server, account.walletToken(), flight, Devices.p256());
    String key = UUID.randomUUID().toString();

    Response first = TestServer.check(server.post("/v1/enrolments", account.walletToken(), body, key(key)), 201);
    Response replay = server.post("/v1/enrolments", account.walletToken(), body, key(key));

    assertThat(replay.status()).isEqualTo(201);
    assertThat(replay.text()).isEqualTo(first.text());
  }

  @Test
  void aMalformedKey_isA400() {
    Response response = server.post("/v1/accounts", TestServer.ADMIN_KEY, newAccount("Eve"), key("bad key with spaces"));

    assertThat(response.status()).isEqualTo(400);
  }
}
