package io.aloft.cli.terminal;

import io.aloft.cli.Amounts;
import io.aloft.cli.ServerOption;
import io.aloft.cli.app.AppCommand;
import io.aloft.cli.app.AppLauncher;
import io.aloft.cli.app.AppServer;
import io.aloft.cli.app.CrewApp;
import io.aloft.cli.device.IssuerKeyView;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.upload.HttpUploader;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The crew app: this terminal's screens in a browser, served on this machine. */
@Command(name = "app", mixinStandardHelpOptions = true,
    description = {"Serve the crew app for this terminal in a browser (offline; upload needs the server).",
            "Sell from the flight's catalogue, show payment requests, scan the passenger's code with the camera "
                + "or a photo, refund, see the status, upload after landing. Listens on 127.0.0.1 by default and "
                + "prints its address, which carries a secret made at launch; runs until Ctrl-C."})
final class TerminalApp implements Callable<Integer>, AppLauncher {
  @ParentCommand TerminalCommand parent;
  @Mixin ServerOption server;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = AppCommand.LISTEN_DEFAULT,
      description = "Where to serve the app (default: ${DEFAULT-VALUE}, any free port on loopback).")
  String listen;

  @Override
  public Integer call() throws Exception {
    return AppCommand.serve("crew app for terminal " + parent.profile().terminalId(), this);
  }

  @Override
  public AppServer launch() throws Exception {
    TerminalProfile profile = parent.profile();
    var address = AppCommand.listen(listen);
    var transport = server.transport();
    URI url = URI.create(server.urlOr(profile.server()));
    Terminal terminal = parent.open(profile);
    CrewApp app = new CrewApp(terminal, profile, Amounts.currency(profile.currency()),
        () -> HttpUploader.of(url, parent.signer(profile), IssuerKeyView.toKeys(profile.issuerKeys()), transport),
        Clock.systemUTC());
    return AppCommand.start(address, app::register, terminal);
  }
}
