package io.aloft.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.IssuerKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's API as the CLI uses it: one method per call, JSON in the shapes of docs/api.md.
 * Answers are returned as the server's JSON, except where a device needs typed values (issuer
 * keys, bundle bytes).
 */
public final class IssuerApi {
  private final ApiClient client;

  public IssuerApi(ApiClient client) {
    this.client = client;
  }

  public ApiClient client() {
    return client;
  }

  /** {@code {role, accountId, airlineId}} for the secret this client holds. */
  public JsonNode me() throws ApiException {
    return client.get("/v1/me");
  }

  public JsonNode createAirline(String code, String name, String currency) throws ApiException {
    return client.post("/v1/airlines", Map.of("code", code, "name", name, "currency", currency));
  }

  public JsonNode createFlight(long airlineId, String flightNumber, Instant departure, Instant arrival)
      throws ApiException {
    return createFlight(airlineId, flightNumber, departure, arrival, Map.of());
  }

  /** As above, with more fields of the request, e.g. {@code oneScanWindowSeconds}. */
  public JsonNode createFlight(long airlineId, String flightNumber, Instant departure, Instant arrival,
      Map<String, Object> more) throws ApiException {
    Map<String, Object> body = new LinkedHashMap<>(Map.of(
        "flightNumber", flightNumber,
        "flightDate", departure.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString(),
        "scheduledDeparture", departure.toString(),
        "scheduledArrival", arrival.toString()));
    body.putAll(more);
    return client.post("/v1/airlines/" + airlineId + "/flights", body);
  }

  public JsonNode flight(long flightId) throws ApiException {
    return client.get("/v1/flights/" + flightId);
  }

  /** {@code {airlineId, updatedAt, items}}: what the airline's crews sell. */
  public JsonNode catalogue(long airlineId) throws ApiException {
    return client.get("/v1/airlines/" + airlineId + "/catalogue");
  }

  /** Replaces the airline's whole catalogue with {@code items} (each as docs/api.md describes an item). */
  public JsonNode setCatalogue(long airlineId, Object items) throws ApiException {
    return client.put("/v1/airlines/" + airlineId + "/catalogue", Map.of("items", items));
  }

  public JsonNode registerTerminal(long airlineId, VerificationKey publicKey, String displayName) throws ApiException {
    return client.post("/v1/airlines/" + airlineId + "/terminals", Map.of(
        "publicKey", base64(publicKey.encoded()), "displayName", displayName));
  }

  public JsonNode registrationCode(long airlineId, long validMinutes) throws ApiException {
    return client.post("/v1/airlines/" + airlineId + "/registration-codes", Map.of("validMinutes", validMinutes));
  }

  public JsonNode rotateMerchantKey(long airlineId) throws ApiException {
    return client.post("/v1/airlines/" + airlineId + "/merchant-keys/rotate", Map.of());
  }

  public JsonNode revokeMerchantKeys(long airlineId) throws ApiException {
    return client.post("/v1/airlines/" + airlineId + "/merchant-keys/revoke", Map.of());
  }

  public JsonNode rotateWalletToken(long accountId) throws ApiException {
    return client.post("/v1/accounts/" + accountId + "/wallet-token/rotate", Map.of());
  }

  public JsonNode revokeWalletTokens(long accountId) throws ApiException {
    return client.post("/v1/accounts/" + accountId + "/wallet-token/revoke", Map.of());
  }

  public JsonNode revokeTerminal(long terminalId) throws ApiException {
    return client.post("/v1/terminals/" + terminalId + "/revoke", Map.of());
  }

  public JsonNode createAccount(String displayName, int identityLevel, String currency, long openingBalanceMinor,
      Integer score) throws ApiException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("displayName", displayName);
    body.put("identityLevel", identityLevel);
    body.put("currency", currency);
    body.put("openingBalanceMinor", openingBalanceMinor);
    if (score != null) {
      body.put("score", score);
    }
    return client.post("/v1/accounts", body);
  }

  public JsonNode account(long accountId) throws ApiException {
    return client.get("/v1/accounts/" + accountId);
  }

  public JsonNode topUp(long accountId, long amountMinor, String currency) throws ApiException {
    return client.post("/v1/accounts/" + accountId + "/top-ups", Map.of("amountMinor", amountMinor, "currency", currency));
  }

  public JsonNode setScore(long accountId, int score) throws ApiException {
    return client.post("/v1/accounts/" + accountId + "/score", Map.of("score", score, "source", "aloft-cli"));
  }

  public JsonNode setStatus(long accountId, String status) throws ApiException {
    return client.post("/v1/accounts/" + accountId + "/status", Map.of("status", status));
  }

  public JsonNode revokeCredential(String serialHex) throws ApiException {
    return client.post("/v1/credentials/" + serialHex + "/revoke", Map.of());
  }

  /** The trust bundle of a flight, exactly as served (its signed encoding). */
  public byte[] trustBundle(long flightId) throws ApiException {
    return Base64.getDecoder().decode(client.get("/v1/flights/" + flightId + "/trust-bundle").get("bundle").asText());
  }

  /** The issuer's published public keys: all a device needs to check credentials and bundles. */
  public List<IssuerKey> issuerKeys() throws ApiException {
    List<IssuerKey> keys = new ArrayList<>();
    for (JsonNode key : client.get("/v1/issuer-keys").path("keys")) {
      keys.add(new IssuerKey(key.get("keyId").asInt(), new VerificationKey(SignatureAlgorithm.ED25519,
          Bytes.of(Base64.getDecoder().decode(key.get("publicKey").asText())))));
    }
    return keys;
  }

  private static String base64(Bytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
