package io.aloft.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.protocol.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Google's Wycheproof vectors, run through a verification function. Every "valid" case must
 * verify and every "invalid" one must fail. "acceptable" cases (none in the files we ship, but
 * Wycheproof uses the label for legacy encodings) must fail too: Aloft verifies fail-closed and has
 * no legacy signers to stay compatible with (docs/protocol.md).
 *
 * <p>The vectors ship in this module's test resources ({@code wycheproof/}, unchanged from the
 * project's releases, with their Apache-2.0 licence beside them), so a plain clone runs them. The
 * server's tests run the same files against its Conscrypt verifiers through this module's test jar.
 */
public final class WycheproofVectors {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What is checked: {@link Signatures#verify} with one implementation or another. */
  @FunctionalInterface
  public interface Verification {
    boolean verify(VerificationKey key, byte[] message, Bytes signature);
  }

  private WycheproofVectors() {}

  /** Runs all 151 Ed25519 cases; returns the cases that gave the wrong answer. */
  public static List<String> ed25519Failures(Verification verification) throws IOException {
    return failures("ed25519_test.json", 151, verification, group -> Optional.of(new VerificationKey(
        SignatureAlgorithm.ED25519, Bytes.fromHex(group.get("publicKey").get("pk").asText()))));
  }

  /** Runs all 262 ECDSA P-256 SHA-256 cases in P1363 form (r‖s); returns the wrong answers. */
  public static List<String> p256Failures(Verification verification) throws IOException {
    return failures("ecdsa_secp256r1_sha256_p1363_test.json", 262, verification,
        group -> compressed(group.get("publicKey").get("uncompressed").asText()));
  }

  private static JsonNode load(String file) throws IOException {
    try (InputStream in = WycheproofVectors.class.getResourceAsStream("/wycheproof/" + file)) {
      if (in == null) {
        throw new AssertionError("Wycheproof vector file missing from the test resources: wycheproof/" + file);
      }
      return JSON.readTree(in);
    }
  }

  /**
   * Runs every case of {@code file} under its group's key. A group whose key is unusable cannot
   * hold a valid signature (none in the files used here), so its valid cases count as failures.
   */
  private static List<String> failures(String file, int expectedCases, Verification verification,
      Function<JsonNode, Optional<VerificationKey>> keyOfGroup) throws IOException {
    JsonNode vectors = load(file);
    List<String> failures = new ArrayList<>();
    int cases = 0;
    for (JsonNode group : vectors.get("testGroups")) {
      Optional<VerificationKey> key = keyOfGroup.apply(group);
      for (JsonNode test : group.get("tests")) {
        cases++;
        if (key.isPresent()) {
          check(verification, key.get(), test, failures);
        } else if (test.get("result").asText().equals("valid")) {
          failures.add("tcId " + test.get("tcId") + ": valid case under an unusable public key");
        }
      }
    }
    assertThat(cases).isEqualTo(vectors.get("numberOfTests").asInt()).isEqualTo(expectedCases);
    return failures;
  }

  /** Wycheproof gives P-256 keys uncompressed; Aloft's wire form is the 33-byte SEC1 compressed point. */
  private static Optional<VerificationKey> compressed(String uncompressedHex) {
    try {
      ECPoint point = Signatures.P256.getCurve().decodePoint(Bytes.fromHex(uncompressedHex).toByteArray());
      return Optional.of(new VerificationKey(SignatureAlgorithm.ECDSA_P256, Bytes.of(point.getEncoded(true))));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static void check(Verification verification, VerificationKey key, JsonNode test, List<String> failures) {
    byte[] message = Bytes.fromHex(test.get("msg").asText()).toByteArray();
    Bytes signature = Bytes.fromHex(test.get("sig").asText());
    String result = test.get("result").asText();
    boolean verified = verification.verify(key, message, signature);
    boolean expected = result.equals("valid");
    if (verified != expected) {
      failures.add("tcId " + test.get("tcId") + " (" + result + ", " + test.get("flags") + ", "
          + test.get("comment").asText() + "): verify returned " + verified);
    }
  }
}
