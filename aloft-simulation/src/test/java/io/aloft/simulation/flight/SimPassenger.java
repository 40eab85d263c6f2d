package io.aloft.simulation.flight;

import io.aloft.protocol.message.IssuerKey;
import io.aloft.testkit.Seeded;
import io.aloft.testkit.TempDirectories;
import io.aloft.wallet.Wallet;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.keys.KdfParameters;
import io.aloft.wallet.keys.PassphraseKeyProvider;
import io.aloft.wallet.store.SqliteWalletStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.stream.Stream;

/**
 * A passenger's phone: the real wallet SDK on its own SQLite file and passphrase-sealed key, its
 * own skewed clock, and its account's token. {@link #cloneOnto} copies the phone's files to a
 * second phone, as an attacker restoring a backup would: same key, same counter.
 */
final class SimPassenger {
  /** Cheap key stretching: these keys guard nothing. */
  private static final KdfParameters KDF = new KdfParameters(64, 1, 1);
  private static final char[] PASSPHRASE = "simulated".toCharArray();

  final String name;
  final long accountId;
  final boolean isClone;
  private final Path directory;
  private final Clock clock;
  private final List<IssuerKey> pinnedKeys;
  private final IssuerClient link;
  private final long seed;
  private SqliteWalletStore store;
  private Wallet wallet;

  SimPassenger(String name, long accountId, boolean isClone, Path directory, Clock clock, List<IssuerKey> pinnedKeys,
      IssuerClient link, long seed) {
    this.name = name;
    this.accountId = accountId;
    this.isClone = isClone;
    this.directory = directory;
    this.clock = clock;
    this.pinnedKeys = pinnedKeys;
    this.link = link;
    this.seed = seed;
    open();
  }

  private void open() {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    store = SqliteWalletStore.open(directory.resolve("wallet.db"));
    wallet = Wallet.open(Wallet.Config.of(pinnedKeys), store,
        new PassphraseKeyProvider(directory.resolve("device.key"), PASSPHRASE, KDF, Seeded.secureRandom(seed)), link, clock);
  }

  Wallet sdk() {
    return wallet;
  }


  /** The same wallet files on a second phone with its own clock; both keep paying. */
  SimPassenger cloneOnto(Path target, Clock cloneClock) {
    store.close();
    try (Stream<Path> files = Files.list(directory)) {
      Files.createDirectories(target);
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    open();
    return new SimPassenger(name + "'s clone", accountId, true, target, cloneClock, pinnedKeys, link, seed + 1);
  }

  void restart() {
    store.close();
    open();
  }

  void close() {
    store.close();
    TempDirectories.delete(directory);
  }

  @Override
  public String toString() {
    return name;
  }

}
