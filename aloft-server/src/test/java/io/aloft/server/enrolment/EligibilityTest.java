package io.aloft.server.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.TestServer.AccountFixture;
import io.aloft.server.TestServer.AirlineFixture;
import io.aloft.testkit.Api.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EligibilityTest {
  private static TestServer server;
  private static AirlineFixture airline;
  private static long flight;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    airline = server.airline();
    flight = server.flight(airline, Duration.ofHours(6));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Response enrol(AccountFixture account, long flightId, SoftwareSigner device) {
    return server.post("/v1/enrolments", account.walletToken(), Devices.enrolment(server, account.walletToken(), flightId, device));
  }

  @Test
  void score549_isRefused_withAReasonThePassengerUnderstands() {
    Response response = enrol(server.account(549, 0), flight, Devices.p256());

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.contentType()).startsWith("application/problem+json");
    assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:enrolment-refused");
    assertThat(response.json().get("reason").asText()).isEqualTo("score_too_low");
    assertThat(response.json().get("message").asText()).contains("549").contains("550");
  }

  @Test
  void score550_isIssued_aCredentialThatVerifiesUnderThePublishedIssuerKey() throws Exception {
    SoftwareSigner device = Devices.p256();
    Response response = enrol(server.account(550, 0), flight, device);

    TestServer.check(response, 201);
    OfflineCredential credential = OfflineCredential.decode(
        Base64.getDecoder().decode(response.json().at("/credential/credential").asText()));
    assertThat(credential.deviceKey()).isEqualTo(device.publicKey());
    assertThat(credential.flightId()).isEqualTo(flight);
    assertThat(credential.isValidAt(Instant.now())).isTrue();
    assertThat(Signatures.verify(publishedKey(credential.issuerKeyId()), credential.signingInput(),
        credential.signature())).isTrue();
  }

  /** The issuer key as anyone can fetch it, without authentication. */
  private static VerificationKey publishedKey(int keyId) {
    JsonNode keys = TestServer.check(server.get("/v1/issuer-keys", null), 200).json().get("keys");
    for (JsonNode key : keys) {
      if (key.get("keyId").asInt() == keyId) {
        return new VerificationKey(SignatureAlgorithm.ED25519,
            Bytes.of(Base64.getDecoder().decode(key.get("publicKey").asText())));
      }
    }
    throw new AssertionError("issuer key " + keyId + " is not published");
  }

  @Test
  void limits_followTheTierTable() {
    assertLimits(550, 1, 5_000, 20_000);
    assertLimits(649, 1, 5_000, 20_000);
    assertLimits(650, 2, 10_000, 50_000);
    assertLimits(750, 3, 20_000, 100_000);
    assertLimits(850, 3, 20_000, 100_000);
  }

  private static void assertLimits(int score, int tier, long perPayment, long total) {
    JsonNode credential = TestServer.check(enrol(server.account(score, 0), flight, Devices.p256()), 201)
        .json().get("credential");
    assertThat(credential.get("scoreTier").asInt()).as("tier for %d", score).isEqualTo(tier);
    assertThat(credential.at("/perPaymentLimit/amountMinor").asLong()).isEqualTo(perPayment);
    assertThat(credential.at("/totalLimit/amountMinor").asLong()).isEqualTo(total);
    assertThat(credential.at("/totalLimit/currency").asText()).isEqualTo("CNY");
  }

  @Test
  void anAccountInArrears_isRefused() {
    AccountFixture account = server.account(800, 0);
    TestServer.check(server.post("/v1/accounts/" + account.id() + "/status", TestServer.ADMIN_KEY,
        Map.of("status", "in_arrears")), 200);

    Response response = enrol(account, flight, Devices.p256());

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.json().get("reason").asText()).isEqualTo("in_arrears");
  }

  @Test
  void aSuspendedAccount_isRefused_andReinstatingItAllowsEnrolment() {
    AccountFixture account = server.account(800, 0);
    TestServer.check(server.post("/v1/accounts/" + account.id() + "/status", TestServer.ADMIN_KEY,
        Map.of("status", "suspended")), 200);
    SoftwareSigner device = Devices.ed25519();

    assertThat(enrol(account, flight, device).json().get("reason").asText()).isEqualTo("suspended");

    TestServer.check(server.post("/v1/accounts/" + account.id() + "/status", TestServer.ADMIN_KEY,
        Map.of("status", "active")), 200);
    TestServer.check(enrol(account, flight, device), 201);
  }

  @Test
  void aDepartedFlight_isRefused() {
    long departed = server.flight(airline, Duration.ofHours(-1));

    Response response = enrol(server.account(800, 0), departed, Devices.p256());

    assertThat(response.json().get("reason").asText()).isEqualTo("flight_departed");
  }

  @Test
  void anUnknownFlight_isNotFound_beforeAnythingIsSigned() {
    Response response = server.post("/v1/enrolment-challenges", server.account(800, 0).walletToken(),
        Map.of("flightId", 999_999));

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.json().get("detail").asText()).contains("999999");
  }

  @Test
  void enrollingTwice_withTheSameDevice_returnsTheSameCredential() {
    AccountFixture account = server.account(700, 0);
    SoftwareSigner device = Devices.p256();

    Response first = TestServer.check(enrol(account, flight, device), 201);
    Response second = TestServer.check(enrol(account, flight, device), 200);

    assertThat(second.json().at("/credential/credential").asText())
        .isEqualTo(first.json().at("/credential/credential").asText());
  }

  @Test
  void concurrentEnrolments_ofOneDevice_issueOneCredential() throws Exception {
    AccountFixture account = server.account(700, 0);
    SoftwareSigner device = Devices.p256();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
    try {
      java.util.List<java.util.concurrent.Future<Response>> responses = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        responses.add(pool.submit(() -> enrol(account, flight, device)));
      }
      java.util.Set<String> serials = new java.util.HashSet<>();
      int created = 0;
      for (var response : responses) {
        Response done = response.get();
        assertThat(done.status()).isIn(200, 201);
        created += done.status() == 201 ? 1 : 0;
        serials.add(done.json().at("/credential/serial").asText());
      }
      assertThat(serials).hasSize(1);
      assertThat(created).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One key proved by several accounts at once: one credential, the rest refused in words, none a 500. */
  @Test
  void concurrentEnrolments_ofOneDevice_bySeveralAccounts_issueOneCredential_andRefuseTheOthers() throws Exception {
    int accounts = 6;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(accounts);
    try {
      for (int round = 0; round < 10; round++) {
        SoftwareSigner device = Devices.p256();
        java.util.List<java.util.concurrent.Callable<Response>> enrolments = new java.util.ArrayList<>();
        for (int i = 0; i < accounts; i++) {
          String token = server.account(700, 0).walletToken();
          Map<String, Object> body = Devices.provedEnrolment(flight, device, Devices.challenge(server, token, flight),
              device);
          enrolments.add(() -> server.post("/v1/enrolments", token, body));
        }
        int created = 0;
        for (var response : pool.invokeAll(enrolments)) {
          Response done = response.get();
          assertThat(done.status()).as(done.text()).isIn(201, 422);
          if (done.status() == 201) {
            created++;
          } else {
            assertThat(done.json().get("reason").asText()).isEqualTo("device_key_in_use");
          }
        }
        assertThat(created).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anotherAccount_cannotEnrolADeviceKeyAlreadyEnrolledOnTheFlight() {
    SoftwareSigner device = Devices.p256();
    TestServer.check(enrol(server.account(700, 0), flight, device), 201);

    Response response = enrol(server.account(700, 0), flight, device);

    assertThat(response.json().get("reason").asText()).isEqualTo("device_key_in_use");
  }

  @Test
  void theComputedScore_appliesWhenNoOperatorScoreIsSet() {
    // Identity level 2, brand new, no history: 300 + 200 = 500, below the threshold.
    AccountFixture account = server.account(null, 0);

    Response response = enrol(account, flight, Devices.p256());

    assertThat(response.json().get("reason").asText()).isEqualTo("score_too_low");
    JsonNode score = server.get("/v1/accounts/" + account.id(), account.walletToken()).json().get("score");
    assertThat(score.get("value").asInt()).isEqualTo(500);
    assertThat(score.get("source").asText()).isEqualTo("computed");
  }
}
