package io.aloft.cli.wallet;

import io.aloft.cli.ServerOption;
import io.aloft.cli.app.AppCommand;
import io.aloft.cli.app.AppLauncher;
import io.aloft.cli.app.AppServer;
import io.aloft.cli.app.PassengerApp;
import io.aloft.cli.app.UnlockingKeys;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The passenger app: this wallet's screens in a browser, served on this machine. */
@Command(name = "app", mixinStandardHelpOptions = true,
    description = {"Serve the passenger app for this wallet in a browser.",
            "Enrol for a flight (online), pay by scanning the crew's request or with a one-scan code that "
                + "refreshes by itself (offline), keep receipts, see the bills, sync after landing (online). "
                + "Each payment is confirmed with the passphrase. Listens on 127.0.0.1 by default and prints its "
                + "address, which carries a secret made at launch; runs until Ctrl-C."})
final class WalletApp implements Callable<Integer>, AppLauncher {
  @ParentCommand WalletCommand parent;
  @Mixin ServerOption server;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = AppCommand.LISTEN_DEFAULT,
      description = "Where to serve the app (default: ${DEFAULT-VALUE}, any free port on loopback).")
  String listen;

  @Override
  public Integer call() throws Exception {
    return AppCommand.serve("passenger app for account " + parent.profile().accountId(), this);
  }

  @Override
  public AppServer launch() throws Exception {
    WalletProfile profile = parent.profile();
    var address = AppCommand.listen(listen);
    UnlockingKeys keys = new UnlockingKeys(parent.dir().resolve("device.key"), new SecureRandom());
    WalletCommand.Opened opened = parent.open(profile, keys, Optional.of(server));
    PassengerApp app = new PassengerApp(opened.wallet(), keys);
    return AppCommand.start(address, app::register, opened);
  }
}
