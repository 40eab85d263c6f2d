package io.aloft.cli.app;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.wallet.keys.KdfParameters;
import io.aloft.wallet.keys.KeyProvider;
import io.aloft.wallet.keys.KeyUnavailableException;
import io.aloft.wallet.keys.PassphraseKeyProvider;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The wallet's sealed device keys, unlocked only for the one action the passenger confirmed with
 * the passphrase: a payment or an enrolment. Outside such an action every key is locked, so a
 * page left open cannot pay without the passphrase being typed again.
 */
public final class UnlockingKeys implements KeyProvider {
  /** The keys unlocked until closed. */
  public interface Unlocked extends AutoCloseable {
    @Override
    void close();
  }

  private final Path keyFile;
  private final SecureRandom random;
  private PassphraseKeyProvider unlocked;

  public UnlockingKeys(Path keyFile, SecureRandom random) {
    this.keyFile = keyFile;
    this.random = random;
  }

  /**
   * Unlocks the keys with {@code passphrase} (wiped here) until the result is closed; the caller
   * runs the one confirmed action in between, and serializes such actions.
   */
  public synchronized Unlocked unlock(char[] passphrase) {
    try {
      unlocked = passphrase.length == 0 ? null
          : new PassphraseKeyProvider(keyFile, passphrase, KdfParameters.RECOMMENDED, random);
    } finally {
      Arrays.fill(passphrase, '\0');
    }
    return () -> {
      synchronized (UnlockingKeys.this) {
        unlocked = null;
      }
    };
  }

  private PassphraseKeyProvider open() throws KeyUnavailableException {
    if (unlocked == null) {
      throw new KeyUnavailableException(KeyUnavailableException.Cause.LOCKED, "type the passphrase to unlock the key");
    }
    return unlocked;
  }

  @Override
  public synchronized VerificationKey create(SignatureAlgorithm algorithm) throws KeyUnavailableException {
    return open().create(algorithm);
  }

  @Override
  public synchronized Signer signer(VerificationKey publicKey) throws KeyUnavailableException {
    return open().signer(publicKey);
  }

  @Override
  public synchronized void delete(VerificationKey publicKey) throws KeyUnavailableException {
    open().delete(publicKey);
  }
}
