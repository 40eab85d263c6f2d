package io.aloft.wallet.keys;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.crypto.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.Argon2Parameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * A device private key encrypted at rest: AES-256-GCM under a key derived from the passphrase
 * with Argon2id. The header is authenticated as associated data, so changing the parameters, the
 * algorithm or the public key makes the file fail to open rather than open to something else.
 *
 * <pre>
 *   version      u8   1
 *   algorithm    u8   the protocol's wire id (1 Ed25519, 2 ECDSA P-256)
 *   memoryKib    u32  Argon2id memory cost, ≤ {@link KdfParameters#MAX_MEMORY_KIB}
 *   iterations   u8   Argon2id passes
 *   parallelism  u8   Argon2id lanes
 *   salt         16 bytes, random per file
 *   nonce        12 bytes, random per file (the file is written once, so never reused)
 *   publicKey    the algorithm's public key length
 *   ciphertext   32-byte private key + 16-byte GCM tag
 * </pre>
 */
public record SealedKey(SignatureAlgorithm algorithm, KdfParameters kdf, Bytes salt, Bytes nonce,
    VerificationKey publicKey, Bytes ciphertext) {
  static final int VERSION = 1;
  static final int SALT_LENGTH = 16;
  static final int NONCE_LENGTH = 12;
  static final int PRIVATE_KEY_LENGTH = 32;
  static final int TAG_BITS = 128;
  static final int CIPHERTEXT_LENGTH = PRIVATE_KEY_LENGTH + TAG_BITS / 8;

  public SealedKey {
    if (algorithm == null || kdf == null || publicKey == null || publicKey.algorithm() != algorithm) {
      throw new IllegalArgumentException("sealed key needs an algorithm, parameters and its public key");
    }
    if (salt == null || salt.size() != SALT_LENGTH || nonce == null || nonce.size() != NONCE_LENGTH
        || ciphertext == null || ciphertext.size() != CIPHERTEXT_LENGTH) {
      throw new IllegalArgumentException("salt, nonce or ciphertext has the wrong length");
    }
  }

  /** Seals {@code signer}'s private key under {@code passphrase}. */
  static SealedKey seal(SoftwareSigner signer, char[] passphrase, KdfParameters kdf, SecureRandom random) {
    Bytes salt = randomBytes(random, SALT_LENGTH);
    Bytes nonce = randomBytes(random, NONCE_LENGTH);
    SealedKey header = new SealedKey(signer.algorithm(), kdf, salt, nonce, signer.publicKey(),
        Bytes.of(new byte[CIPHERTEXT_LENGTH]));
    byte[] key = derive(passphrase, kdf, salt);
    byte[] secret = signer.privateKey().toByteArray();
    try {
      byte[] sealed = gcm(true, key, nonce, header.associatedData(), secret);
      return new SealedKey(signer.algorithm(), kdf, salt, nonce, signer.publicKey(), Bytes.of(sealed));
    } catch (InvalidCipherTextException e) {
      throw new IllegalStateException("encrypting cannot fail authentication", e);
    } finally {
      Arrays.fill(key, (byte) 0);
      Arrays.fill(secret, (byte) 0);
    }
  }

  /** The signer, or WRONG_PASSPHRASE if the passphrase or any byte of the file is wrong. */
  SoftwareSigner open(char[] passphrase) throws KeyUnavailableException {
    byte[] key = derive(passphrase, kdf, salt);
    byte[] secret = null;
    try {
      secret = gcm(false, key, nonce, associatedData(), ciphertext.toByteArray());
      SoftwareSigner signer = SoftwareSigner.fromPrivateKey(algorithm, Bytes.of(secret));
      if (!signer.publicKey().equals(publicKey)) {
        throw new KeyUnavailableException(KeyUnavailableException.Cause.DAMAGED,
            "the sealed private key does not match its public key");
      }
      return signer;
    } catch (InvalidCipherTextException | IllegalArgumentException e) {
      // GCM fails closed: a wrong passphrase and a tampered file look the same.
      throw new KeyUnavailableException(KeyUnavailableException.Cause.WRONG_PASSPHRASE,
          "the passphrase does not open the device key", e);
    } finally {
      Arrays.fill(key, (byte) 0);
      if (secret != null) {
        Arrays.fill(secret, (byte) 0);
      }
    }
  }

  public byte[] encode() {
    ByteWriter out = header();
    out.fixed(ciphertext, CIPHERTEXT_LENGTH);
    return out.toByteArray();
  }

  public static SealedKey decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    int version = in.u8();
    SignatureAlgorithm algorithm = SignatureAlgorithm.fromWireId(in.u8()).orElse(null);
    long memoryKib = in.u32();
    int iterations = in.u8();
    int parallelism = in.u8();
    Bytes salt = in.fixed(SALT_LENGTH);
    Bytes nonce = in.fixed(NONCE_LENGTH);
    if (version != VERSION || algorithm == null || memoryKib > KdfParameters.MAX_MEMORY_KIB) {
      throw new DecodeException(io.aloft.protocol.codec.DecodeFailure.BAD_VALUE,
          "sealed key version " + version + ", algorithm " + algorithm + ", memory " + memoryKib + " KiB");
    }
    Bytes publicKey = in.fixed(algorithm.publicKeyLength());
    Bytes ciphertext = in.fixed(CIPHERTEXT_LENGTH);
    in.finish();
    try {
      return new SealedKey(algorithm, new KdfParameters((int) memoryKib, iterations, parallelism), salt, nonce,
          new VerificationKey(algorithm, publicKey), ciphertext);
    } catch (IllegalArgumentException e) {
      throw new DecodeException(io.aloft.protocol.codec.DecodeFailure.BAD_VALUE, e.getMessage());
    }
  }

  private ByteWriter header() {
    ByteWriter out = new ByteWriter();
    out.u8(VERSION).u8(algorithm.wireId()).u32(kdf.memoryKib()).u8(kdf.iterations()).u8(kdf.parallelism());
    out.fixed(salt, SALT_LENGTH).fixed(nonce, NONCE_LENGTH).fixed(publicKey.encoded(), algorithm.publicKeyLength());
    return out;
  }

  private byte[] associatedData() {
    return header().toByteArray();
  }

  private static byte[] derive(char[] passphrase, KdfParameters kdf, Bytes salt) {
    Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
        .withVersion(Argon2Parameters.ARGON2_VERSION_13)
        .withMemoryAsKB(kdf.memoryKib())
        .withIterations(kdf.iterations())
        .withParallelism(kdf.parallelism())
        .withSalt(salt.toByteArray())
        .withAdditional("aloft:v1:device-key".getBytes(StandardCharsets.US_ASCII))
        .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] key = new byte[32];
    generator.generateBytes(passphrase, key);
    return key;
  }

  /** AES-256-GCM with BouncyCastle's lightweight API (no JCE provider start-up on unlock). */
  private static byte[] gcm(boolean encrypt, byte[] key, Bytes nonce, byte[] associatedData, byte[] input)
      throws InvalidCipherTextException {
    GCMModeCipher cipher = GCMBlockCipher.newInstance(AESEngine.newInstance());
    cipher.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_BITS, nonce.toByteArray(), associatedData));
    byte[] output = new byte[cipher.getOutputSize(input.length)];
    int length = cipher.processBytes(input, 0, input.length, output, 0);
    length += cipher.doFinal(output, length);
    return length == output.length ? output : Arrays.copyOf(output, length);
  }

  private static Bytes randomBytes(SecureRandom random, int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return Bytes.of(bytes);
  }
}
