package io.aloft.wallet.keys;

import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.files.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The software key provider: the device key lives in one file, sealed under a passphrase (see
 * {@link SealedKey}). The key is opened once, on first use, and kept in memory while the wallet
 * runs.
 *
 * <p>Known limits: a software key can be copied off a rooted or compromised phone together with
 * the file, and then only the passphrase's strength and Argon2id's cost protect it. Use a
 * hardware-backed {@link KeyProvider} where the platform has one. The private key sits in the
 * JVM heap while unlocked; Java cannot promise to wipe every copy.
 */
public final class PassphraseKeyProvider implements KeyProvider {
  private static final int MAX_FILE_BYTES = 512;

  private final Path file;
  private final char[] passphrase;
  private final KdfParameters kdf;
  private final SecureRandom random;
  private SoftwareSigner unlocked;

  /**
   * @param file where the sealed key is kept; created by {@link #createOrLoad}
   * @param passphrase copied; the caller may wipe its array afterwards
   * @param kdf parameters for a newly created key; an existing file keeps its own
   * @param random the source for new keys, salts and nonces
   */
  public PassphraseKeyProvider(Path file, char[] passphrase, KdfParameters kdf, SecureRandom random) {
    if (file == null || passphrase == null || passphrase.length == 0 || kdf == null || random == null) {
      throw new IllegalArgumentException("file, a non-empty passphrase, kdf and random are required");
    }
    this.file = file;
    this.passphrase = passphrase.clone();
    this.kdf = kdf;
    this.random = random;
  }

  @Override
  public synchronized VerificationKey createOrLoad(SignatureAlgorithm algorithm) throws KeyUnavailableException {
    if (Files.exists(file)) {
      return signer().publicKey();
    }
    SoftwareSigner created = SoftwareSigner.generate(algorithm, random);
    writeAtomically(SealedKey.seal(created, passphrase, kdf, random).encode());
    unlocked = created;
    return created.publicKey();
  }

  @Override
  public synchronized Signer signer() throws KeyUnavailableException {
    if (unlocked == null) {
      unlocked = read().open(passphrase);
    }
    return unlocked;
  }

  /** Forgets the opened key and the passphrase; the provider cannot sign afterwards. */
  public synchronized void lock() {
    unlocked = null;
    Arrays.fill(passphrase, '\0');
  }

  private SealedKey read() throws KeyUnavailableException {
    try {
      if (!Files.exists(file)) {
        throw new KeyUnavailableException(KeyUnavailableException.Cause.NO_KEY, "no device key at " + file);
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new KeyUnavailableException(KeyUnavailableException.Cause.DAMAGED, file + " is too large");
      }
      return SealedKey.decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new KeyUnavailableException(KeyUnavailableException.Cause.LOCKED, "cannot read " + file, e);
    } catch (DecodeException e) {
      throw new KeyUnavailableException(KeyUnavailableException.Cause.DAMAGED, e.getMessage(), e);
    }
  }

  /** Mode 600 from the start; a sibling is synced and renamed over, so a crash leaves the old file or the new. */
  private void writeAtomically(byte[] encoded) throws KeyUnavailableException {
    try {
      PrivateFiles.write(file, encoded);
    } catch (IOException e) {
      throw new KeyUnavailableException(KeyUnavailableException.Cause.LOCKED, "cannot write " + file, e);
    }
  }
}
