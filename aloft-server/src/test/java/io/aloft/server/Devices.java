package io.aloft.server;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import java.security.SecureRandom;
import java.util.Base64;
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

  /** The body of POST /v1/enrolments for this device. */
  public static Map<String, Object> enrolment(long flightId, SoftwareSigner device) {
    String algorithm = device.algorithm() == SignatureAlgorithm.ECDSA_P256 ? "ecdsa-p256" : "ed25519";
    return Map.of("flightId", flightId, "deviceAlgorithm", algorithm, "devicePublicKey", publicKeyBase64(device));
  }
}
