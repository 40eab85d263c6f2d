package io.aloft.cli.wallet;

import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.Secrets;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.wallet.keys.KdfParameters;
import io.aloft.wallet.keys.KeyProvider;
import io.aloft.wallet.keys.KeyUnavailableException;
import io.aloft.wallet.keys.PassphraseKeyProvider;
import java.io.Console;
import java.nio.file.Path;
import java.security.SecureRandom;
import picocli.CommandLine.Option;

/**
 * The passphrase that seals the wallet's device key: {@code --passphrase-file}, env
 * {@code ALOFT_WALLET_PASSPHRASE}, or asked on the console. Asked for only when a command signs,
 * so {@code status} and {@code bills} never need it.
 */
public final class PassphraseSource {
  @Option(names = "--passphrase-file", paramLabel = "FILE",
      description = "File holding the passphrase of the device key (default: env ALOFT_WALLET_PASSPHRASE, else asked).")
  Path file;

  char[] resolve() throws CliException {
    if (file != null || Secrets.optionalEnv("ALOFT_WALLET_PASSPHRASE").isPresent()) {
      return Secrets.resolve(file, "ALOFT_WALLET_PASSPHRASE", null, "passphrase", "").toCharArray();
    }
    Console console = System.console();
    if (console == null) {
      throw new CliException(ExitCodes.USAGE,
          "the device key needs its passphrase: pass --passphrase-file FILE or set ALOFT_WALLET_PASSPHRASE");
    }
    char[] typed = console.readPassword("Passphrase for the wallet's device key: ");
    if (typed == null || typed.length == 0) {
      throw new CliException(ExitCodes.USAGE, "no passphrase given");
    }
    return typed;
  }

  /** A key provider over {@code keyFile} and the keys beside it that asks for the passphrase on first use. */
  KeyProvider provider(Path keyFile, KdfParameters kdf) {
    return new KeyProvider() {
      private PassphraseKeyProvider opened;

      private PassphraseKeyProvider open() throws KeyUnavailableException {
        if (opened == null) {
          try {
            opened = new PassphraseKeyProvider(keyFile, resolve(), kdf, new SecureRandom());
          } catch (CliException e) {
            throw new KeyUnavailableException(KeyUnavailableException.Cause.LOCKED, e.getMessage());
          }
        }
        return opened;
      }

      @Override
      public VerificationKey create(SignatureAlgorithm algorithm) throws KeyUnavailableException {
        return open().create(algorithm);
      }

      @Override
      public Signer signer(VerificationKey publicKey) throws KeyUnavailableException {
        return open().signer(publicKey);
      }

      @Override
      public void delete(VerificationKey publicKey) throws KeyUnavailableException {
        open().delete(publicKey);
      }
    };
  }
}
