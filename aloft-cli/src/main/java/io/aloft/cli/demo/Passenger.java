package io.aloft.cli.demo;

import io.aloft.protocol.files.PrivateFiles;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.wallet.Wallet;
import io.aloft.wallet.issuer.HttpIssuerClient;
import io.aloft.wallet.keys.KdfParameters;
import io.aloft.wallet.keys.PassphraseKeyProvider;
import io.aloft.wallet.store.SqliteWalletStore;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** A passenger of the demo flight: account, wallet folder and what happened to them. */
final class Passenger implements AutoCloseable {
  /** The demo's throwaway keys are sealed with the cheapest Argon2id the wallet allows. */
  private static final KdfParameters DEMO_KDF = new KdfParameters(8, 1, 1);
  private static final char[] PASSPHRASE = "demo".toCharArray();

  final Cast.PassengerSpec spec;
  final long accountId;
  final String walletToken;
  final Path dir;
  private SqliteWalletStore store;
  private Wallet wallet;
  /** Why enrolment was refused: the server's reason code and its sentence for the passenger. */
  Optional<String> refusalReason = Optional.empty();
  Optional<String> refusalMessage = Optional.empty();
  int payments;
  long spentMinor;

  Passenger(Cast.PassengerSpec spec, long accountId, String walletToken, Path dir) {
    this.spec = spec;
    this.accountId = accountId;
    this.walletToken = walletToken;
    this.dir = dir;
  }

  /** Opens (or reopens) the wallet in its folder with the flight's clock and the demo's seeded key source. */
  Wallet open(String serverUrl, List<IssuerKey> issuerKeys, Clock clock, DemoRandom random) {
    close();
    try {
      PrivateFiles.createFolder(dir);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + dir, e);
    }
    store = SqliteWalletStore.open(dir.resolve("wallet.db"));
    wallet = Wallet.open(Wallet.Config.of(issuerKeys), store,
        new PassphraseKeyProvider(dir.resolve("device.key"), PASSPHRASE, DEMO_KDF, random.forDevice(spec.label())),
        HttpIssuerClient.of(URI.create(serverUrl), walletToken, issuerKeys), clock);
    return wallet;
  }

  Wallet wallet() {
    return wallet;
  }

  boolean isEnrolled() {
    return refusalReason.isEmpty() && wallet != null && wallet.enrolment().isPresent();
  }

  /** Copies the whole wallet folder, key and counter included: what a fraudster's cloned phone holds. */
  void copyTo(Path target) throws IOException {
    close();
    Files.createDirectories(target);
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
      store = null;
      wallet = null;
    }
  }
}
