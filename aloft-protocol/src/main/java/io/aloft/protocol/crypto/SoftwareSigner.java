package io.aloft.protocol.crypto;

import io.aloft.protocol.Bytes;
import java.math.BigInteger;
import java.security.SecureRandom;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * A private key held in memory. ECDSA signing is deterministic (RFC 6979) so that the same key
 * and message give the same signature, which keeps our test vectors reproducible, and emits
 * low-s. The private key bytes are exposed only for storage (encrypted at rest by the caller).
 */
public final class SoftwareSigner implements Signer {
  private final SignatureAlgorithm algorithm;
  private final byte[] privateKey;
  private final VerificationKey publicKey;
  private final Ed25519PrivateKeyParameters ed25519;
  private final ECPrivateKeyParameters p256;

  private SoftwareSigner(SignatureAlgorithm algorithm, byte[] privateKey) {
    this.algorithm = algorithm;
    this.privateKey = privateKey.clone();
    switch (algorithm) {
      case ED25519 -> {
        if (privateKey.length != 32) {
          throw new IllegalArgumentException("Ed25519 private key must be 32 bytes");
        }
        this.ed25519 = new Ed25519PrivateKeyParameters(privateKey, 0);
        this.p256 = null;
        this.publicKey =
            new VerificationKey(algorithm, Bytes.of(ed25519.generatePublicKey().getEncoded()));
      }
      case ECDSA_P256 -> {
        BigInteger d = new BigInteger(1, privateKey);
        if (privateKey.length != 32 || d.signum() == 0 || d.compareTo(Signatures.P256.getN()) >= 0) {
          throw new IllegalArgumentException("P-256 private key must be 32 bytes in [1, n-1]");
        }
        this.ed25519 = null;
        this.p256 = new ECPrivateKeyParameters(d, Signatures.P256);
        byte[] point = Signatures.P256.getG().multiply(d).normalize().getEncoded(true);
        this.publicKey = new VerificationKey(algorithm, Bytes.of(point));
      }
      default -> throw new AssertionError(algorithm);
    }
  }

  public static SoftwareSigner generate(SignatureAlgorithm algorithm, SecureRandom random) {
    return switch (algorithm) {
      case ED25519 -> new SoftwareSigner(algorithm, new Ed25519PrivateKeyParameters(random).getEncoded());
      case ECDSA_P256 -> {
        BigInteger n = Signatures.P256.getN();
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, n.subtract(BigInteger.ONE), random);
        yield new SoftwareSigner(algorithm, BigIntegers.asUnsignedByteArray(32, d));
      }
    };
  }

  public static SoftwareSigner fromPrivateKey(SignatureAlgorithm algorithm, Bytes privateKey) {
    return new SoftwareSigner(algorithm, privateKey.toByteArray());
  }

  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  /** The raw private key, for encrypted storage only. */
  public Bytes privateKey() {
    return Bytes.of(privateKey);
  }

  @Override
  public VerificationKey publicKey() {
    return publicKey;
  }

  @Override
  public byte[] sign(byte[] message) {
    return switch (algorithm) {
      case ED25519 -> signEd25519(message);
      case ECDSA_P256 -> signP256(message);
    };
  }

  private byte[] signEd25519(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, ed25519);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  private byte[] signP256(byte[] message) {
    ECDSASigner signer = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    signer.init(true, p256);
    BigInteger[] rs = signer.generateSignature(Signatures.sha256(message));
    BigInteger n = Signatures.P256.getN();
    BigInteger s = rs[1].compareTo(n.shiftRight(1)) > 0 ? n.subtract(rs[1]) : rs[1];
    byte[] out = new byte[64];
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, rs[0]), 0, out, 0, 32);
    System.arraycopy(BigIntegers.asUnsignedByteArray(32, s), 0, out, 32, 32);
    return out;
  }
}
