package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Proof that an enrolling wallet holds the private half of the device key it enrols: its
 * signature, with that key, over the issuer's single-use challenge, the flight and the key
 * itself. Without it anyone could enrol someone else's public key. It never travels as a message
 * of its own (the enrolment request carries the challenge and the signature as JSON fields); only
 * the signing input is fixed, and it is built like a top-level message's, with the domain of
 * wire id 0x0F "enrolment-proof":
 *
 * <pre>
 *   domain        "aloft:v1:enrolment-proof" and a zero byte
 *   version, type u8, u8 (1, 0x0F)
 *   challenge     32 bytes, as the issuer handed it out
 *   flightId      u32
 *   deviceKey     algorithm u8 + public key (32 Ed25519, 33 compressed P-256)
 * </pre>
 * The signature is the device algorithm's raw 64 bytes, made through the wallet's
 * {@link Signer}, so a hardware key store proves possession the same way a software key does.
 */
public record EnrolmentProof(Bytes challenge, long flightId, VerificationKey deviceKey, Bytes signature) {
  public static final int CHALLENGE_LENGTH = 32;
  /** The wire id this input's header carries; no other message uses it. */
  public static final int WIRE_ID = 0x0F;
  private static final byte[] DOMAIN =
      ("aloft:v" + MessageType.VERSION + ":enrolment-proof\0").getBytes(StandardCharsets.US_ASCII);

  public EnrolmentProof {
    Objects.requireNonNull(challenge, "challenge");
    Objects.requireNonNull(deviceKey, "deviceKey");
    Objects.requireNonNull(signature, "signature");
    if (challenge.size() != CHALLENGE_LENGTH) {
      throw new IllegalArgumentException("challenge must be " + CHALLENGE_LENGTH + " bytes: " + challenge.size());
    }
    Wire.checkU32("flightId", flightId, 1);
    if (signature.size() != SignatureAlgorithm.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature must be " + SignatureAlgorithm.SIGNATURE_LENGTH + " bytes: "
          + signature.size());
    }
  }

  /** Signs the proof with {@code device}, whose public key is the one being enrolled. */
  public static EnrolmentProof sign(Bytes challenge, long flightId, Signer device) {
    byte[] input = signingInput(challenge, flightId, device.publicKey());
    return new EnrolmentProof(challenge, flightId, device.publicKey(), Bytes.of(device.sign(input)));
  }

  /** The bytes the device signs: the domain string, then the fields above. */
  public static byte[] signingInput(Bytes challenge, long flightId, VerificationKey deviceKey) {
    ByteWriter out = new ByteWriter(DOMAIN.length + 2 + CHALLENGE_LENGTH + 4 + 1 + 33);
    out.raw(DOMAIN);
    out.u8(MessageType.VERSION).u8(WIRE_ID);
    out.fixed(challenge, CHALLENGE_LENGTH).u32(Wire.checkU32("flightId", flightId, 1));
    Wire.writeKey(out, deviceKey);
    return out.toByteArray();
  }

  /** Whether the signature is the device key's over this challenge and flight; fails closed. */
  public boolean verifies() {
    if (!deviceKey.isWellFormed()) {
      return false;
    }
    return Signatures.verify(deviceKey, signingInput(challenge, flightId, deviceKey), signature);
  }
}
