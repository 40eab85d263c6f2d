package io.aloft.server.crypto;

import static io.aloft.protocol.crypto.SignatureVerifierProperties.flip;
import static io.aloft.protocol.crypto.SignatureVerifierProperties.signer;
import static io.aloft.protocol.crypto.SignatureVerifierProperties.withScalar;
import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.crypto.VerificationKey;
import java.math.BigInteger;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Conscrypt and BouncyCastle give the same answer on random signatures and on each way of
 * tampering with one, and that answer is the right one: only an untouched signature verifies, and
 * for P-256 also its high-s twin.
 */
class VerifierAgreementTest {
  private static final BigInteger P256_N =
      new BigInteger("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551", 16);
  private static final BigInteger ED25519_L =
      BigInteger.ONE.shiftLeft(252).add(new BigInteger("27742317777372353535851937790883648493"));

  /** What is done to a fresh, valid signature before both verify it. */
  enum Change {
    NONE, MESSAGE_BIT, SIGNATURE_BIT, KEY_BIT, KEY_NOT_A_POINT, ARBITRARY_SIGNATURE,
    /** P-256: (r, n − s), valid. Ed25519: S + L, the malleated twin that must fail. */
    HIGH_S,
    R_ZERO, S_ZERO,
    /** P-256: r ≥ n. Ed25519: R replaced by arbitrary bytes. */
    R_OUT_OF_RANGE,
    /** P-256: s ≥ n. Ed25519: S ≥ L. */
    S_OUT_OF_RANGE,
    SHORTER, LONGER
  }

  /** One input to verify. */
  private record Input(VerificationKey key, byte[] message, Bytes signature) {}

  @Provide
  Arbitrary<byte[]> privateKeys() {
    return Arbitraries.bytes().array(byte[].class).ofSize(32);
  }

  @Property(tries = 1500)
  void conscryptAndBouncyCastle_giveTheSameRightAnswer(@ForAll SignatureAlgorithm algorithm,
      @ForAll("privateKeys") byte[] privateKey, @ForAll @Size(min = 1, max = 300) byte[] message,
      @ForAll Change change, @ForAll @IntRange(min = 0, max = 1_000_000) int where, @ForAll @Size(64) byte[] noise) {
    SoftwareSigner signer = signer(algorithm, privateKey);
    Input input = changed(change, signer, message, where, noise);
    boolean bouncyCastle = Signatures.verify(Signatures.bouncyCastle(algorithm), input.key(), input.message(),
        input.signature());
    boolean conscrypt = Signatures.verify(ConscryptVerifierTest.conscrypt(algorithm), input.key(), input.message(),
        input.signature());
    boolean valid = change == Change.NONE || (change == Change.HIGH_S && algorithm == SignatureAlgorithm.ECDSA_P256);
    assertThat(conscrypt).as("Conscrypt, %s %s", algorithm, change).isEqualTo(valid);
    assertThat(bouncyCastle).as("BouncyCastle, %s %s", algorithm, change).isEqualTo(valid);
  }

  private static Input changed(Change change, SoftwareSigner signer, byte[] message, int where, byte[] noise) {
    VerificationKey key = signer.publicKey();
    byte[] signature = signer.sign(message);
    boolean p256 = key.algorithm() == SignatureAlgorithm.ECDSA_P256;
    return switch (change) {
      case NONE -> new Input(key, message, Bytes.of(signature));
      case MESSAGE_BIT -> new Input(key, flip(message, where % (message.length * 8)), Bytes.of(signature));
      case SIGNATURE_BIT -> new Input(key, message, Bytes.of(flip(signature, where % 512)));
      case KEY_BIT -> new Input(flippedKey(key, where), message, Bytes.of(signature));
      case KEY_NOT_A_POINT -> new Input(notAPoint(key.algorithm(), noise), message, Bytes.of(signature));
      case ARBITRARY_SIGNATURE -> new Input(key, message, Bytes.of(noise));
      case HIGH_S -> new Input(key, message, p256
          ? withScalar(signature, 32, P256_N.subtract(scalar(signature, 32)))
          : withEd25519S(signature, ed25519S(signature).add(ED25519_L)));
      case R_ZERO -> new Input(key, message, p256 ? withScalar(signature, 0, BigInteger.ZERO)
          : Bytes.of(zeroed(signature, 0)));
      case S_ZERO -> new Input(key, message, p256 ? withScalar(signature, 32, BigInteger.ZERO)
          : Bytes.of(zeroed(signature, 32)));
      case R_OUT_OF_RANGE -> new Input(key, message, p256 ? withScalar(signature, 0, atLeast(P256_N, noise))
          : Bytes.of(withHalf(signature, 0, noise)));
      case S_OUT_OF_RANGE -> new Input(key, message, p256 ? withScalar(signature, 32, atLeast(P256_N, noise))
          : withEd25519S(signature, atLeast(ED25519_L, noise)));
      case SHORTER -> new Input(key, message, Bytes.of(Arrays.copyOf(signature, where % 64)));
      case LONGER -> new Input(key, message, Bytes.of(Arrays.copyOf(signature, 65 + where % 64)));
    };
  }

  private static VerificationKey flippedKey(VerificationKey key, int where) {
    byte[] encoded = key.encoded().toByteArray();
    return new VerificationKey(key.algorithm(), Bytes.of(flip(encoded, where % (encoded.length * 8))));
  }

  /** Bytes of the key's length that do not decode to a point: x above the field prime, or no square root. */
  private static VerificationKey notAPoint(SignatureAlgorithm algorithm, byte[] noise) {
    byte[] bytes = Arrays.copyOf(noise, algorithm.publicKeyLength());
    for (int attempt = 0; attempt < 256; attempt++) {
      if (algorithm == SignatureAlgorithm.ECDSA_P256) {
        bytes[0] = (byte) (2 + (bytes[0] & 1));
      }
      VerificationKey key = new VerificationKey(algorithm, Bytes.of(bytes));
      if (!key.isWellFormed()) {
        return key;
      }
      bytes[1 + attempt % (bytes.length - 1)] ^= (byte) (attempt | 1);
    }
    throw new AssertionError("no invalid point near " + Bytes.of(noise).hex());
  }

  /** A value in [floor, 2^256 − 1] drawn from {@code noise}. */
  private static BigInteger atLeast(BigInteger floor, byte[] noise) {
    BigInteger span = BigInteger.ONE.shiftLeft(256).subtract(floor);
    return floor.add(new BigInteger(1, Arrays.copyOf(noise, 32)).mod(span));
  }

  private static BigInteger scalar(byte[] signature, int offset) {
    return new BigInteger(1, Arrays.copyOfRange(signature, offset, offset + 32));
  }

  /** Ed25519's S: the signature's last 32 bytes, little-endian. */
  private static BigInteger ed25519S(byte[] signature) {
    return new BigInteger(1, reversed(Arrays.copyOfRange(signature, 32, 64)));
  }

  private static Bytes withEd25519S(byte[] signature, BigInteger s) {
    byte[] bigEndian = withScalar(new byte[64], 32, s).toByteArray();
    byte[] changed = signature.clone();
    System.arraycopy(reversed(Arrays.copyOfRange(bigEndian, 32, 64)), 0, changed, 32, 32);
    return Bytes.of(changed);
  }

  private static byte[] zeroed(byte[] signature, int offset) {
    byte[] changed = signature.clone();
    Arrays.fill(changed, offset, offset + 32, (byte) 0);
    return changed;
  }

  private static byte[] withHalf(byte[] signature, int offset, byte[] noise) {
    byte[] changed = signature.clone();
    System.arraycopy(noise, 0, changed, offset, 32);
    return changed;
  }

  private static byte[] reversed(byte[] bytes) {
    byte[] out = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      out[i] = bytes[bytes.length - 1 - i];
    }
    return out;
  }
}
