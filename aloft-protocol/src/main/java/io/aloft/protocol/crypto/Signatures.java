package io.aloft.protocol.crypto;

import io.aloft.protocol.Bytes;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Signature verification with BouncyCastle's lightweight API (about 6–10× faster than the JDK
 * provider on our target machines, see DESIGN.md). Verification fails closed: any exception from
 * decoding or the engine means "not verified", as Tink's {@code Ed25519VerifyJce} does.
 *
 * <p>ECDSA accepts both s and n−s (P1363 has no low-s rule, and Wycheproof marks high-s valid).
 * That malleability is why payment ids are never derived from signature bytes.
 */
public final class Signatures {
  static final X9ECParameters P256_CURVE = CustomNamedCurves.getByName("secp256r1");
  static final ECDomainParameters P256 =
      new ECDomainParameters(
          P256_CURVE.getCurve(), P256_CURVE.getG(), P256_CURVE.getN(), P256_CURVE.getH());

  /**
   * Decoded public keys, by encoding. Decoding a P-256 key decompresses the point (a modular
   * square root), and BouncyCastle keeps its multiplication tables on the decoded point object;
   * a credential pays several times and a terminal key signs every receipt, so settlement and
   * acceptance decode each key once instead of once a signature. Bounded: when full it is emptied
   * and refills with the keys in use. Only valid keys are kept.
   */
  private static final int MAX_CACHED_KEYS = 16_384;
  private static final ConcurrentHashMap<VerificationKey, AsymmetricKeyParameter> DECODED =
      new ConcurrentHashMap<>();

  private Signatures() {}

  public static boolean verify(VerificationKey key, byte[] message, Bytes signature) {
    if (key == null || message == null || signature == null
        || signature.size() != SignatureAlgorithm.SIGNATURE_LENGTH) {
      return false;
    }
    try {
      AsymmetricKeyParameter publicKey = cachedPublicKey(key);
      if (publicKey == null) {
        return false;
      }
      byte[] sig = signature.toByteArray();
      return switch (key.algorithm()) {
        case ED25519 -> verifyEd25519((Ed25519PublicKeyParameters) publicKey, message, sig);
        case ECDSA_P256 -> verifyP256((ECPublicKeyParameters) publicKey, message, sig);
      };
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static AsymmetricKeyParameter cachedPublicKey(VerificationKey key) {
    AsymmetricKeyParameter cached = DECODED.get(key);
    if (cached != null) {
      return cached;
    }
    AsymmetricKeyParameter decoded = decodePublicKey(key);
    if (decoded != null) {
      if (DECODED.size() >= MAX_CACHED_KEYS) {
        DECODED.clear();
      }
      DECODED.put(key, decoded);
    }
    return decoded;
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

  private static boolean verifyEd25519(Ed25519PublicKeyParameters key, byte[] message, byte[] sig) {
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, key);
    verifier.update(message, 0, message.length);
    return verifier.verifySignature(sig);
  }

  private static boolean verifyP256(ECPublicKeyParameters key, byte[] message, byte[] sig) {
    BigInteger r = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 0, 32));
    BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
    BigInteger n = P256.getN();
    if (r.signum() <= 0 || s.signum() <= 0 || r.compareTo(n) >= 0 || s.compareTo(n) >= 0) {
      return false;
    }
    ECDSASigner verifier = new ECDSASigner();
    verifier.init(false, key);
    return verifier.verifySignature(sha256(message), r, s);
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
