package io.aloft.simulation.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.EnrolmentProof;
import io.aloft.simulation.support.SimServer;
import io.aloft.testkit.Api;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Two tenants, A and B, each with an airline (merchant key), a terminal, a flight and a wallet
 * account enrolled on that flight; and the operator. Hostile calls are made by A (or by a role
 * that may not call at all) against A's or B's resources.
 */
final class Tenants {
  /** One tenant's secrets and the ids that fill path parameters. */
  record Tenant(Map<String, String> tokenByScheme, Map<String, String> pathValues, long terminalId,
      SoftwareSigner terminalKey) {}

  final Tenant a;
  final Tenant b;
  private final Clock clock;

  Tenants(Api api, Clock clock) {
    this.clock = clock;
    this.a = create(api, "AAA", 0);
    this.b = create(api, "BBB", 1);
  }

  String token(String scheme, Tenant tenant) {
    return scheme.equals("adminKey") ? SimServer.ADMIN_KEY : tenant.tokenByScheme().get(scheme);
  }

  private Tenant create(Api api, String code, int n) {
    JsonNode airline = api.post("/v1/airlines", SimServer.ADMIN_KEY,
        Map.of("code", code.substring(0, 2) + n, "name", "Airline " + code, "currency", "CNY")).expect(201).json();
    String merchantKey = airline.get("merchantApiKey").asText();
    long airlineId = airline.at("/airline/id").asLong();
    JsonNode account = api.post("/v1/accounts", SimServer.ADMIN_KEY, Map.of("displayName", "Passenger " + code,
        "identityLevel", 3, "currency", "CNY", "openingBalanceMinor", 100_000, "score", 700)).expect(201).json();
    String walletToken = account.get("walletToken").asText();
    Instant departure = clock.instant().plus(Duration.ofDays(2)).truncatedTo(ChronoUnit.HOURS);
    long flightId = api.post("/v1/airlines/" + airlineId + "/flights", merchantKey, Map.of(
        "flightNumber", String.valueOf(880 + n), "flightDate", departure.atZone(ZoneOffset.UTC).toLocalDate().toString(),
        "scheduledDeparture", departure.toString(), "scheduledArrival", departure.plus(Duration.ofHours(3)).toString()))
        .expect(201).json().get("id").asLong();
    SoftwareSigner terminalKey = SoftwareSigner.generate(SignatureAlgorithm.ED25519, new SecureRandom());
    long terminalId = api.post("/v1/airlines/" + airlineId + "/terminals", merchantKey, Map.of(
        "publicKey", base64(terminalKey),
        "displayName", "Cart " + code)).expect(201).json().at("/terminal/id").asLong();
    SoftwareSigner device = SoftwareSigner.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
    Bytes challenge = Bytes.of(Base64.getDecoder().decode(api.post("/v1/enrolment-challenges", walletToken,
        Map.of("flightId", flightId)).expect(201).json().get("challenge").asText()));
    EnrolmentProof proof = EnrolmentProof.sign(challenge, flightId, device);
    String serial = api.post("/v1/enrolments", walletToken, Map.of("flightId", flightId, "deviceAlgorithm", "ecdsa-p256",
        "devicePublicKey", base64(device), "challenge", Base64.getEncoder().encodeToString(challenge.toByteArray()),
        "proof", Base64.getEncoder().encodeToString(proof.signature().toByteArray())))
        .expect(201).json().at("/credential/serial").asText();

    String registrationCode = api.post("/v1/airlines/" + airlineId + "/registration-codes", merchantKey, Map.of())
        .expect(201).json().get("registrationCode").asText();
    long endpointId = api.post("/v1/webhook-endpoints", merchantKey, Map.of("url", "https://hooks.example.com/" + code,
        "events", java.util.List.of("payment.settled"))).expect(201).json().at("/endpoint/id").asLong();
    Map<String, String> tokens = new HashMap<>(Map.of("merchantKey", merchantKey, "walletToken", walletToken,
        "registrationCode", registrationCode));
    Map<String, String> values = new LinkedHashMap<>();
    values.put("accountId", account.at("/account/id").asText());
    values.put("airlineId", String.valueOf(airlineId));
    values.put("flightId", String.valueOf(flightId));
    values.put("terminalId", String.valueOf(terminalId));
    values.put("serial", serial);
    // No flight of a tenant here has a case; ids no case has stand in (CaseResolutionTest checks
    // an airline on another airline's real case).
    values.put("caseId", String.valueOf(900_000_001L + n));
    values.put("endpointId", String.valueOf(endpointId));
    return new Tenant(tokens, values, terminalId, terminalKey);
  }

  static String base64(SoftwareSigner key) {
    return Base64.getEncoder().encodeToString(key.publicKey().encoded().toByteArray());
  }
}
