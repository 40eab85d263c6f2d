package io.aloft.server.enrolment;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
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
 * Enrolment proves the wallet holds the device key it enrols: each attempt below is what an
 * attacker would send over HTTP, and each gets a typed refusal while nothing is issued.
 */
class ProofOfPossessionTest {
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

  private static Response enrol(AccountFixture account, Map<String, Object> body) {
    return server.post("/v1/enrolments", account.walletToken(), body);
  }

  private static void assertProofRefused(Response response, String reason) {
    assertThat(response.status()).as(response.text()).isEqualTo(422);
    assertThat(response.json().get("type").asText()).isEqualTo("urn:aloft:problem:enrolment-proof-refused");
    assertThat(response.json().get("reason").asText()).isEqualTo(reason);
    assertThat(response.json().get("message").asText()).isNotBlank();
  }

  private static long credentialsOf(AccountFixture account) {
    return server.number("SELECT count(*) FROM credentials WHERE account_id = " + account.id());
  }

  @Test
  void enrollingAVictimsKey_withoutHoldingIt_isRefused_andTheVictimStillEnrols() {
    SoftwareSigner victimDevice = Devices.p256();
    AccountFixture victim = server.account(700, 0);
    AccountFixture attacker = server.account(700, 0);
    SoftwareSigner attackerDevice = Devices.p256();

    // The victim's public key, the attacker's own challenge, signed with the only key the attacker has.
    Bytes challenge = Devices.challenge(server, attacker.walletToken(), flight);
    assertProofRefused(enrol(attacker, Devices.provedEnrolment(flight, victimDevice, challenge, attackerDevice)),
        "proof_invalid");
    // No proof at all.
    assertProofRefused(enrol(attacker, Devices.unprovedEnrolment(flight, victimDevice)), "proof_missing");
    // A proof the victim's wallet made for the victim's account, replayed on the attacker's.
    Map<String, Object> victimsOwn = Devices.enrolment(server, victim.walletToken(), flight, victimDevice);
    assertProofRefused(enrol(attacker, victimsOwn), "challenge_unknown");
    assertThat(credentialsOf(attacker)).isZero();

    Response enrolled = TestServer.check(enrol(victim, victimsOwn), 201);
    assertThat(enrolled.json().at("/credential/serial").asText()).hasSize(16);
    assertThat(credentialsOf(victim)).isOne();
  }

  @Test
  void aReplayedChallenge_isRefused_andIssuesNothingMore() {
    AccountFixture account = server.account(700, 0);
    SoftwareSigner device = Devices.p256();
    Map<String, Object> body = Devices.enrolment(server, account.walletToken(), flight, device);
    TestServer.check(enrol(account, body), 201);

    assertProofRefused(enrol(account, body), "challenge_used");
    // Nor can the used challenge vouch for another key.
    SoftwareSigner other = Devices.p256();
    Bytes used = Bytes.of(java.util.Base64.getDecoder().decode((String) body.get("challenge")));
    assertProofRefused(enrol(account, Devices.provedEnrolment(flight, other, used, other)), "challenge_used");
    assertThat(credentialsOf(account)).isOne();
  }

  @Test
  void aFailedProof_usesUpItsChallenge() {
    AccountFixture account = server.account(700, 0);
    SoftwareSigner device = Devices.p256();
    Bytes challenge = Devices.challenge(server, account.walletToken(), flight);
    assertProofRefused(enrol(account, Devices.provedEnrolment(flight, device, challenge, Devices.p256())),
        "proof_invalid");

    assertProofRefused(enrol(account, Devices.provedEnrolment(flight, device, challenge, device)), "challenge_used");
    TestServer.check(enrol(account, Devices.enrolment(server, account.walletToken(), flight, device)), 201);
  }

  @Test
  void anExpiredChallenge_isRefused() {
    AccountFixture account = server.account(700, 0);
    SoftwareSigner device = Devices.p256();
    Bytes challenge = Devices.challenge(server, account.walletToken(), flight);
    server.sql("UPDATE enrolment_challenges SET created_at = now() - interval '10 minutes',"
        + " expires_at = now() - interval '5 minutes' WHERE account_id = ?", account.id());

    assertProofRefused(enrol(account, Devices.provedEnrolment(flight, device, challenge, device)), "challenge_expired");
    assertThat(credentialsOf(account)).isZero();
  }

  @Test
  void aChallengeForAnotherFlight_isRefused() {
    AccountFixture account = server.account(700, 0);
    SoftwareSigner device = Devices.p256();
    long otherFlight = server.flight(airline, Duration.ofHours(8));
    Bytes challenge = Devices.challenge(server, account.walletToken(), otherFlight);

    assertProofRefused(enrol(account, Devices.provedEnrolment(flight, device, challenge, device)), "challenge_unknown");
    assertThat(credentialsOf(account)).isZero();
  }

  @Test
  void anInventedChallenge_isRefused() {
    AccountFixture account = server.account(700, 0);
    SoftwareSigner device = Devices.p256();
    Bytes invented = Bytes.of(new byte[32]);

    assertProofRefused(enrol(account, Devices.provedEnrolment(flight, device, invented, device)), "challenge_unknown");
  }

  @Test
  void openChallenges_areBoundedPerAccount() {
    AccountFixture account = server.account(700, 0);
    for (int i = 0; i < Challenges.MAX_OPEN; i++) {
      Devices.challenge(server, account.walletToken(), flight);
    }
    Response refused = server.post("/v1/enrolment-challenges", account.walletToken(), Map.of("flightId", flight));
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().get("type").asText()).isEqualTo("urn:aloft:problem:too-many-challenges");
    // Another account is not affected, and an expired challenge no longer counts.
    Devices.challenge(server, server.account(700, 0).walletToken(), flight);
    server.sql("UPDATE enrolment_challenges SET created_at = now() - interval '10 minutes',"
        + " expires_at = now() - interval '5 minutes' WHERE account_id = ?", account.id());
    Devices.challenge(server, account.walletToken(), flight);
  }
}
