package io.aloft.server;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.EnrolmentProof;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Device and terminal keys as a wallet or terminal would make them. */
public final class Devices {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Devices() {}

  public static SoftwareSigner p256() {
    return SoftwareSigner.generate(SignatureAlgorithm.ECDSA_P256, RANDOM);
  }

  public static SoftwareSigner ed25519() {
    return SoftwareSigner.generate(SignatureAlgorithm.ED25519, RANDOM);
  }

  public static String publicKeyBase64(SoftwareSigner signer) {
    return Base64.getEncoder().encodeToString(signer.publicKey().encoded().toByteArray());
  }

  /**
   * The body of POST /v1/enrolments for this device, as a wallet sends it: with a new challenge
   * from the server for this account and flight, signed by the device key.
   */
  public static Map<String, Object> enrolment(TestServer server, String walletToken, long flightId,
      SoftwareSigner device) {
    return provedEnrolment(flightId, device, challenge(server, walletToken, flightId), device);
  }

  /** A new enrolment challenge for the account and flight, as the server hands it out. */
  public static Bytes challenge(TestServer server, String walletToken, long flightId) {
    TestServer.Response answer = TestServer.check(server.post("/v1/enrolment-challenges", walletToken,
        Map.of("flightId", flightId)), 201);
    return Bytes.of(Base64.getDecoder().decode(answer.json().get("challenge").asText()));
  }

  /** An enrolment body for {@code device}'s key, with {@code challenge} signed by {@code prover}. */
  public static Map<String, Object> provedEnrolment(long flightId, SoftwareSigner device, Bytes challenge,
      SoftwareSigner prover) {
    Map<String, Object> body = new HashMap<>(unprovedEnrolment(flightId, device));
    byte[] input = EnrolmentProof.signingInput(challenge, flightId, device.publicKey());
    body.put("challenge", Base64.getEncoder().encodeToString(challenge.toByteArray()));
    body.put("proof", Base64.getEncoder().encodeToString(prover.sign(input)));
    return body;
  }

  /** The body of POST /v1/enrolments without a proof of possession (refused as proof_missing). */
  public static Map<String, Object> unprovedEnrolment(long flightId, SoftwareSigner device) {
    String algorithm = device.algorithm() == SignatureAlgorithm.ECDSA_P256 ? "ecdsa-p256" : "ed25519";
    return Map.of("flightId", flightId, "deviceAlgorithm", algorithm, "devicePublicKey", publicKeyBase64(device));
  }
}
