package io.aloft.protocol.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import java.math.BigInteger;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Properties every {@link SignatureVerifier} has, run through {@link Signatures#verify(
 * SignatureVerifier, VerificationKey, byte[], Bytes)}: what a key signs verifies, and any change to
 * the message, the signature or the key makes it fail. Each implementation's test extends this
 * class (BouncyCastle's here, Conscrypt's in the server through this module's test jar).
 */
public abstract class SignatureVerifierProperties {
  private static final BigInteger N = Signatures.P256.getN();

  /** The implementation under test. */
  protected abstract SignatureVerifier verifier(SignatureAlgorithm algorithm);

  private boolean verify(VerificationKey key, byte[] message, Bytes signature) {
    return Signatures.verify(verifier(key.algorithm()), key, message, signature);
  }

  /** A signer from 32 arbitrary bytes (P-256 needs them in [1, n−1], as all but about 2^-32 are). */
  public static SoftwareSigner signer(SignatureAlgorithm algorithm, byte[] privateKey) {
    BigInteger d = new BigInteger(1, privateKey);
    Assume.that(algorithm == SignatureAlgorithm.ED25519 || Signatures.isP256Scalar(d));
    return SoftwareSigner.fromPrivateKey(algorithm, Bytes.of(privateKey));
  }

  @Provide
  Arbitrary<byte[]> privateKeys() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32);
  }

  @Property(tries = 200)
  void whatAKeySigns_verifies(@ForAll SignatureAlgorithm algorithm, @ForAll("privateKeys") byte[] privateKey,
      @ForAll @Size(max = 300) byte[] message) {
    SoftwareSigner signer = signer(algorithm, privateKey);
    assertThat(verify(signer.publicKey(), message, Bytes.of(signer.sign(message)))).isTrue();
  }

  @Property(tries = 200)
  void aFlippedBitInTheMessage_fails(@ForAll SignatureAlgorithm algorithm, @ForAll("privateKeys") byte[] privateKey,
      @ForAll @Size(min = 1, max = 300) byte[] message, @ForAll @IntRange(min = 0, max = 2399) int bit) {
    SoftwareSigner signer = signer(algorithm, privateKey);
    Bytes signature = Bytes.of(signer.sign(message));
    assertThat(verify(signer.publicKey(), flip(message, bit % (message.length * 8)), signature)).isFalse();
  }

  @Property(tries = 200)
  void aFlippedBitInTheSignature_fails(@ForAll SignatureAlgorithm algorithm, @ForAll("privateKeys") byte[] privateKey,
      @ForAll @Size(max = 300) byte[] message, @ForAll @IntRange(min = 0, max = 511) int bit) {
    SoftwareSigner signer = signer(algorithm, privateKey);
    byte[] signature = flip(signer.sign(message), bit);
    assertThat(verify(signer.publicKey(), message, Bytes.of(signature))).isFalse();
  }

  @Property(tries = 200)
  void aFlippedBitInTheKey_fails(@ForAll SignatureAlgorithm algorithm, @ForAll("privateKeys") byte[] privateKey,
      @ForAll @Size(max = 300) byte[] message, @ForAll @IntRange(min = 0, max = 263) int bit) {
    SoftwareSigner signer = signer(algorithm, privateKey);
    byte[] key = signer.publicKey().encoded().toByteArray();
    VerificationKey other = new VerificationKey(algorithm, Bytes.of(flip(key, bit % (key.length * 8))));
    assertThat(verify(other, message, Bytes.of(signer.sign(message)))).isFalse();
  }

  @Property(tries = 200)
  void arbitrarySignatureBytes_fail(@ForAll SignatureAlgorithm algorithm, @ForAll("privateKeys") byte[] privateKey,
      @ForAll @Size(max = 300) byte[] message, @ForAll @Size(64) byte[] signature) {
    SoftwareSigner signer = signer(algorithm, privateKey);
    assertThat(verify(signer.publicKey(), message, Bytes.of(signature))).isFalse();
  }

  @Property(tries = 100)
  void aSignatureOfAnotherLength_fails(@ForAll SignatureAlgorithm algorithm, @ForAll("privateKeys") byte[] privateKey,
      @ForAll @Size(max = 300) byte[] message, @ForAll @IntRange(min = 0, max = 130) int length) {
    Assume.that(length != SignatureAlgorithm.SIGNATURE_LENGTH);
    SoftwareSigner signer = signer(algorithm, privateKey);
    byte[] signature = signer.sign(message);
    byte[] resized = Arrays.copyOf(signature, length);
    assertThat(verify(signer.publicKey(), message, Bytes.of(resized))).isFalse();
  }

  @Property(tries = 200)
  void aKeyThatIsNotAPoint_verifiesNothing(@ForAll SignatureAlgorithm algorithm,
      @ForAll("privateKeys") byte[] privateKey, @ForAll @Size(max = 300) byte[] message,
      @ForAll @Size(33) byte[] keyBytes) {
    keyBytes[0] = (byte) (algorithm == SignatureAlgorithm.ECDSA_P256 ? 2 + (keyBytes[0] & 1) : keyBytes[0]);
    VerificationKey key = new VerificationKey(algorithm,
        Bytes.of(Arrays.copyOf(keyBytes, algorithm.publicKeyLength())));
    Assume.that(!key.isWellFormed());
    SoftwareSigner signer = signer(algorithm, privateKey);
    assertThat(verify(key, message, Bytes.of(signer.sign(message)))).isFalse();
  }

  /** ECDSA is malleable: (r, n − s) verifies as (r, s) does; Wycheproof marks high s valid. */
  @Property(tries = 200)
  void p256_theHighSTwin_verifies(@ForAll("privateKeys") byte[] privateKey, @ForAll @Size(max = 300) byte[] message) {
    SoftwareSigner signer = signer(SignatureAlgorithm.ECDSA_P256, privateKey);
    byte[] signature = signer.sign(message);
    BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, 32, 64));
    assertThat(verify(signer.publicKey(), message, withScalar(signature, 32, N.subtract(s)))).isTrue();
  }

  /** r and s must lie in [1, n−1]: zero, n and above n fail, also where r + n still fits 256 bits. */
  @Property(tries = 100)
  void p256_rOrSOutOfRange_fails(@ForAll("privateKeys") byte[] privateKey, @ForAll @Size(max = 300) byte[] message,
      @ForAll("outOfRange") BigInteger scalar, @ForAll boolean replaceR) {
    SoftwareSigner signer = signer(SignatureAlgorithm.ECDSA_P256, privateKey);
    byte[] signature = signer.sign(message);
    Bytes changed = withScalar(signature, replaceR ? 0 : 32, scalar);
    assertThat(verify(signer.publicKey(), message, changed)).isFalse();
  }

  @Provide
  Arbitrary<BigInteger> outOfRange() {
    BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    return Arbitraries.oneOf(Arbitraries.of(BigInteger.ZERO, N, N.add(BigInteger.ONE), max),
        Arbitraries.bigIntegers().between(N, max));
  }

  /** {@code signature} with the 32 bytes at {@code offset} (r at 0, s at 32) set to {@code value}. */
  public static Bytes withScalar(byte[] signature, int offset, BigInteger value) {
    byte[] changed = signature.clone();
    byte[] big = value.toByteArray();
    int length = Math.min(big.length, 32);
    Arrays.fill(changed, offset, offset + 32, (byte) 0);
    System.arraycopy(big, big.length - length, changed, offset + 32 - length, length);
    return Bytes.of(changed);
  }

  public static byte[] flip(byte[] bytes, int bit) {
    byte[] flipped = bytes.clone();
    flipped[bit / 8] ^= (byte) (1 << (bit % 8));
    return flipped;
  }
}
