package io.aloft.cli.wallet;

import io.aloft.cli.CliException;
import io.aloft.cli.CommandGroup;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.ServerOption;
import io.aloft.cli.device.IssuerKeyView;
import io.aloft.cli.device.Profiles;
import io.aloft.protocol.anchor.BundleMarkFile;
import io.aloft.protocol.client.UploadRefusedException;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.wallet.Wallet;
import io.aloft.wallet.issuer.HttpIssuerClient;
import io.aloft.protocol.rules.Verdict;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.keys.KdfParameters;
import io.aloft.wallet.keys.KeyProvider;
import io.aloft.wallet.store.SqliteWalletStore;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** A passenger's wallet whose state lives in one folder: sealed device key, credential, bills, settings. */
@Command(name = "wallet", mixinStandardHelpOptions = true,
    description = {"A passenger's wallet kept in a folder: set up, enrol, pay offline, sync.",
            "Set it up and enrol for a flight while online, then pay offline (scan a request, or show a "
                + "one-scan code); sync after landing."},
    subcommands = {WalletSetup.Init.class, WalletSetup.Enrol.class, WalletPay.Pay.class, WalletPay.Code.class,
        WalletPay.Keep.class, WalletViews.Bills.class, WalletViews.Status.class, WalletSetup.Sync.class, WalletApp.class})
public final class WalletCommand extends CommandGroup {

  @Option(names = {"-d", "--dir"}, paramLabel = "DIR", defaultValue = "aloft-wallet", scope = ScopeType.INHERIT,
      description = "The wallet's folder (default: ./${DEFAULT-VALUE}).")
  Path dir;

  /** The record of the installed trust bundle, next to {@code wallet.db} and outside it. */
  static final String BUNDLE_MARK_FILE = "bundle-mark";

  Path dir() {
    return dir;
  }

  WalletProfile profile() throws CliException {
    return Profiles.read(dir, WalletProfile.FILE, WalletProfile.class, spec);
  }

  /** An open wallet and its store; closing closes the store. */
  record Opened(Wallet wallet, SqliteWalletStore store) implements AutoCloseable {
    @Override
    public void close() {
      store.close();
    }
  }

  /**
   * The wallet in this folder; {@code online} is the server option of a command that reaches the
   * server, empty for the offline ones (which then never open a connection).
   */
  Opened open(WalletProfile profile, PassphraseSource passphrase, Optional<ServerOption> online) throws CliException {
    // The KDF parameters only matter when a key is created, which init does; an existing file keeps its own.
    return open(profile, passphrase.provider(dir.resolve("device.key"), KdfParameters.RECOMMENDED), online);
  }

  /** As above, with the device keys behind {@code keys} (the passenger app unlocks them per payment). */
  Opened open(WalletProfile profile, KeyProvider keys, Optional<ServerOption> online) throws CliException {
    List<IssuerKey> issuerKeys = IssuerKeyView.toKeys(profile.issuerKeys());
    IssuerClient issuer = online.isEmpty() ? OfflineIssuer.INSTANCE
        : HttpIssuerClient.of(URI.create(online.get().urlOr(profile.server())), profile.walletToken(), issuerKeys,
            online.get().transport());
    SqliteWalletStore store = SqliteWalletStore.open(dir.resolve("wallet.db"));
    try {
      Wallet wallet = Wallet.open(Wallet.Config.of(issuerKeys), store, new BundleMarkFile(dir.resolve(BUNDLE_MARK_FILE)),
          keys, issuer, Clock.systemUTC());
      return new Opened(wallet, store);
    } catch (IllegalStateException refused) {
      store.close();
      throw new CliException(ExitCodes.REFUSED, refused.getMessage());
    }
  }

  /**
   * The value of an accepted verdict; a refusal is one line, the passenger's reason code and
   * sentence and the detail, and exit 1.
   */
  static <T> T accepted(Verdict<T> verdict) throws CliException {
    if (verdict.isAccepted()) {
      return verdict.value();
    }
    RefusalReason reason = RefusalReason.of(verdict);
    throw new CliException(ExitCodes.REFUSED, "refused: " + reason + ": " + reason.message()
        + " (" + verdict.detail() + ")");
  }

  static CliException issuerFailed(IssuerException e) {
    if (e.getCause() instanceof UploadRefusedException refused && refused.status() == 404) {
      return new CliException(ExitCodes.SERVER, "the server has no such endpoint (is it older than this command?): "
          + refused.problemType());
    }
    return new CliException(e.kind() == IssuerException.Kind.REFUSED ? ExitCodes.REFUSED : ExitCodes.SERVER,
        (e.kind() == IssuerException.Kind.REFUSED ? "refused: " : "") + e.code() + ": " + e.getMessage());
  }
}
