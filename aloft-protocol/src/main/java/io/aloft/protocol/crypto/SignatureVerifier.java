package io.aloft.protocol.crypto;

/**
 * Verifies signatures of one algorithm: BouncyCastle's by default ({@link Signatures#bouncyCastle}),
 * another where a process installs one ({@link Signatures#install}; the server installs Conscrypt
 * where its native library loads). Every implementation gives the same answer for the same input:
 * the server's tests run each against the Wycheproof vectors and against BouncyCastle.
 *
 * <p>{@link Signatures#verify} calls an implementation only with a key of its {@link #algorithm()},
 * a non-null message and a signature of {@link SignatureAlgorithm#SIGNATURE_LENGTH} bytes, and
 * treats any {@link RuntimeException} as "not verified". Implementations are thread-safe.
 */
public interface SignatureVerifier {
  SignatureAlgorithm algorithm();

  /** The implementation's name as logs and benchmarks show it: {@code BouncyCastle}, {@code Conscrypt 2.6.3}. */
  String implementation();

  /**
   * True only when {@code signature} (64 raw bytes: r‖s for ECDSA, R‖S for Ed25519) is a valid
   * signature of {@code message} under {@code key}. An unusable key (not on the curve, the
   * identity) verifies nothing; ECDSA's r and s must lie in [1, n−1]; high s is accepted.
   */
  boolean verify(VerificationKey key, byte[] message, byte[] signature);
}
