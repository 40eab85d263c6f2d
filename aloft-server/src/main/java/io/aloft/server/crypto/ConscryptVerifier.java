package io.aloft.server.crypto;

import io.aloft.protocol.crypto.DecodedKeys;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SignatureVerifier;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.VerificationKey;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Verification with Conscrypt (BoringSSL, native): P-256 as {@code SHA256withECDSA}, Ed25519 as
 * {@code Ed25519}. Same answers as BouncyCastle's verifier, which the tests check on the Wycheproof
 * vectors and on random and tampered inputs:
 * <ul>
 *   <li>a key is usable only when BouncyCastle decodes it ({@link VerificationKey#isWellFormed()}),
 *       so both reject the same keys;
 *   <li>P-256's r and s must lie in [1, n−1] before the 64 raw bytes become the DER that the JCA
 *       signature takes; high s is accepted.
 * </ul>
 * Conscrypt's {@link Signature} objects are not thread-safe: each thread keeps its own. Its Ed25519
 * signature buffers the message, so a thread holds a buffer as large as the largest message it
 * verified (a terminal batch, at most the upload limit).
 */
public final class ConscryptVerifier implements SignatureVerifier {
  /** SubjectPublicKeyInfo up to the key bytes: id-ecPublicKey, prime256v1, a 34-byte BIT STRING (33-byte point). */
  private static final byte[] P256_SPKI_PREFIX =
      HexFormat.of().parseHex("3039301306072a8648ce3d020106082a8648ce3d030107032200");
  /** SubjectPublicKeyInfo up to the key bytes: id-Ed25519, a 33-byte BIT STRING (32-byte key). */
  private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private final SignatureAlgorithm algorithm;
  private final String implementation;
  private final KeyFactory keyFactory;
  private final ThreadLocal<Signature> signatures;
  private final DecodedKeys<PublicKey> decoded = new DecodedKeys<>(this::decode);

  /**
   * @param provider a Conscrypt provider ({@code Conscrypt.newProvider()}); it is used directly and
   *     never registered, so the JVM's other users of the JCA (TLS) keep their providers
   * @throws GeneralSecurityException when the provider lacks the algorithm
   */
  public ConscryptVerifier(Provider provider, String implementation, SignatureAlgorithm algorithm)
      throws GeneralSecurityException {
    this.algorithm = algorithm;
    this.implementation = implementation;
    String keyAlgorithm = algorithm == SignatureAlgorithm.ED25519 ? "Ed25519" : "EC";
    String signatureAlgorithm = algorithm == SignatureAlgorithm.ED25519 ? "Ed25519" : "SHA256withECDSA";
    this.keyFactory = KeyFactory.getInstance(keyAlgorithm, provider);
    Signature.getInstance(signatureAlgorithm, provider);
    this.signatures = ThreadLocal.withInitial(() -> {
      try {
        return Signature.getInstance(signatureAlgorithm, provider);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("Conscrypt had " + signatureAlgorithm + " a moment ago", e);
      }
    });
  }

  @Override
  public SignatureAlgorithm algorithm() {
    return algorithm;
  }

  @Override
  public String implementation() {
    return implementation;
  }

  @Override
  public boolean verify(VerificationKey key, byte[] message, byte[] signature) {
    PublicKey publicKey = decoded.get(key);
    if (publicKey == null || signature.length != SignatureAlgorithm.SIGNATURE_LENGTH) {
      return false;
    }
    byte[] encoded = algorithm == SignatureAlgorithm.ED25519 ? signature : der(signature);
    if (encoded == null) {
      return false;
    }
    try {
      Signature verifier = signatures.get();
      verifier.initVerify(publicKey);
      verifier.update(message);
      return verifier.verify(encoded);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** Conscrypt's key for {@code key}, or null when BouncyCastle does not take it either. */
  private PublicKey decode(VerificationKey key) {
    if (key.algorithm() != algorithm || !key.isWellFormed()) {
      return null;
    }
    byte[] prefix = algorithm == SignatureAlgorithm.ED25519 ? ED25519_SPKI_PREFIX : P256_SPKI_PREFIX;
    byte[] raw = key.encoded().toByteArray();
    byte[] spki = Arrays.copyOf(prefix, prefix.length + raw.length);
    System.arraycopy(raw, 0, spki, prefix.length, raw.length);
    try {
      return keyFactory.generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException e) {
      return null;
    }
  }

  /**
   * The DER {@code SEQUENCE { INTEGER r, INTEGER s }} of a P1363 signature r‖s, or null when r or
   * s is outside [1, n−1]. Each INTEGER is minimal: leading zero bytes dropped, one zero byte put
   * back where the top bit is set (DER integers are signed). At most 70 bytes, so every length
   * fits one byte.
   */
  static byte[] der(byte[] p1363) {
    byte[] r = Arrays.copyOfRange(p1363, 0, 32);
    byte[] s = Arrays.copyOfRange(p1363, 32, 64);
    if (!Signatures.isP256Scalar(new BigInteger(1, r)) || !Signatures.isP256Scalar(new BigInteger(1, s))) {
      return null;
    }
    byte[] rInteger = derInteger(r);
    byte[] sInteger = derInteger(s);
    byte[] sequence = new byte[2 + rInteger.length + sInteger.length];
    sequence[0] = 0x30;
    sequence[1] = (byte) (rInteger.length + sInteger.length);
    System.arraycopy(rInteger, 0, sequence, 2, rInteger.length);
    System.arraycopy(sInteger, 0, sequence, 2 + rInteger.length, sInteger.length);
    return sequence;
  }

  /** {@code INTEGER} of a positive big-endian magnitude (never zero here: the caller checked the range). */
  private static byte[] derInteger(byte[] magnitude) {
    int start = 0;
    while (start < magnitude.length - 1 && magnitude[start] == 0) {
      start++;
    }
    boolean pad = (magnitude[start] & 0x80) != 0;
    int length = magnitude.length - start + (pad ? 1 : 0);
    byte[] integer = new byte[2 + length];
    integer[0] = 0x02;
    integer[1] = (byte) length;
    System.arraycopy(magnitude, start, integer, 2 + (pad ? 1 : 0), magnitude.length - start);
    return integer;
  }
}
