package io.aloft.protocol.crypto;

import io.aloft.protocol.Bytes;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * The one entry point for signature verification. Each algorithm has one installed
 * {@link SignatureVerifier}: BouncyCastle's lightweight API by default (what the SDKs run), or
 * another that the process installs at start-up (the server installs Conscrypt where its native
 * library loads). Verification fails closed: a null, a wrong length, a key of another algorithm, or
 * any exception from decoding or the engine means "not verified", as Tink's
 * {@code Ed25519VerifyJce} does.
 *
 * <p>ECDSA accepts both s and n−s (P1363 has no low-s rule, and Wycheproof marks high-s valid).
 * That malleability is why payment ids are never derived from signature bytes.
 */
public final class Signatures {
  static final X9ECParameters P256_CURVE = CustomNamedCurves.getByName("secp256r1");
  static final ECDomainParameters P256 =
      new ECDomainParameters(
          P256_CURVE.getCurve(), P256_CURVE.getG(), P256_CURVE.getN(), P256_CURVE.getH());

  /** BouncyCastle's verifier of each algorithm, by ordinal. */
  private static final SignatureVerifier[] BOUNCY_CASTLE = Arrays.stream(SignatureAlgorithm.values())
      .map(BouncyCastleVerifier::new).toArray(SignatureVerifier[]::new);
  /** The installed verifier of each algorithm, by ordinal; BouncyCastle's until one is installed. */
  private static final AtomicReferenceArray<SignatureVerifier> INSTALLED = new AtomicReferenceArray<>(BOUNCY_CASTLE);

  private Signatures() {}

  /** Verifies with the installed verifier of the key's algorithm. */
  public static boolean verify(VerificationKey key, byte[] message, Bytes signature) {
    return key != null && verify(installed(key.algorithm()), key, message, signature);
  }

  /**
   * Verifies with {@code verifier} instead of the installed one, with the same checks and the same
   * fail-closed rule: for tests and benchmarks that compare implementations.
   */
  public static boolean verify(SignatureVerifier verifier, VerificationKey key, byte[] message, Bytes signature) {
    if (verifier == null || key == null || message == null || signature == null
        || key.algorithm() != verifier.algorithm()
        || signature.size() != SignatureAlgorithm.SIGNATURE_LENGTH) {
      return false;
    }
    try {
      return verifier.verify(key, message, signature.toByteArray());
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Makes {@code verifier} the one {@link #verify(VerificationKey, byte[], Bytes)} uses for its
   * algorithm, in the whole process. Called once at start-up, before verification starts.
   */
  public static void install(SignatureVerifier verifier) {
    if (verifier == null) {
      throw new IllegalArgumentException("verifier must not be null");
    }
    INSTALLED.set(verifier.algorithm().ordinal(), verifier);
  }

  /** The verifier {@link #verify(VerificationKey, byte[], Bytes)} uses for {@code algorithm}. */
  public static SignatureVerifier installed(SignatureAlgorithm algorithm) {
    return INSTALLED.get(algorithm.ordinal());
  }

  /** BouncyCastle's verifier of {@code algorithm}: the default, and the fallback. */
  public static SignatureVerifier bouncyCastle(SignatureAlgorithm algorithm) {
    return BOUNCY_CASTLE[algorithm.ordinal()];
  }

  /**
   * The implementation in use, as logs and benchmarks print it: one name when every algorithm
   * uses the same ({@code Conscrypt 2.6.3}), else each algorithm's
   * ({@code ED25519 BouncyCastle, ECDSA_P256 Conscrypt 2.6.3}).
   */
  public static String implementation() {
    Set<String> names = new LinkedHashSet<>();
    StringJoiner each = new StringJoiner(", ");
    for (SignatureAlgorithm algorithm : SignatureAlgorithm.values()) {
      names.add(installed(algorithm).implementation());
      each.add(algorithm + " " + installed(algorithm).implementation());
    }
    return names.size() == 1 ? names.iterator().next() : each.toString();
  }

  /** True when {@code value} is in [1, n−1] for P-256's group order n: the range of r and s. */
  public static boolean isP256Scalar(BigInteger value) {
    return value.signum() > 0 && value.compareTo(P256.getN()) < 0;
  }

  /** The BouncyCastle key for {@code key}, or null if the bytes are not a valid public key. */
  static AsymmetricKeyParameter decodePublicKey(VerificationKey key) {
    try {
      byte[] encoded = key.encoded().toByteArray();
      return switch (key.algorithm()) {
        case ED25519 -> new Ed25519PublicKeyParameters(encoded, 0);
        case ECDSA_P256 -> {
          ECPoint point = P256.getCurve().decodePoint(encoded);
          yield point.isInfinity() || !point.isValid() ? null : new ECPublicKeyParameters(point, P256);
        }
      };
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * The JDK's SHA-256, not Bouncy Castle's: HotSpot compiles it to the CPU's SHA instructions
   * where there are any: on a terminal batch's size (85 KB) it takes about 48 µs, Bouncy Castle's
   * about 400 µs. Settlement hashes every batch it receives. A new instance each call: a
   * MessageDigest is not thread-safe.
   */
  static byte[] sha256(byte[] message) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(message);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
