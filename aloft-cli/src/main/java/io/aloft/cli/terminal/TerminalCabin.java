package io.aloft.cli.terminal;

import io.aloft.cli.CliException;
import io.aloft.cli.Durations;
import io.aloft.cli.ExitCodes;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.cabin.CabinSync;
import io.aloft.terminal.cabin.TcpCabinTransport;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Cabin sync: shares what this terminal accepted with the flight's other terminals, and merges theirs. */
@Command(name = "cabin", mixinStandardHelpOptions = true,
    description = {"Share accepted payments with the flight's other terminals over the cabin network (offline).",
            "Listens on --listen and dials every --peer; both ends prove with their terminal keys that the "
                + "trust bundle certifies them for this flight. Pushes this terminal's digest every sync interval "
                + "and after every sale; merges what the peers accepted, so a code or counter used at another "
                + "cart is refused here. Runs until interrupted (Ctrl-C) or for --for. 'accept' and 'status' "
                + "work on the same folder meanwhile."})
final class TerminalCabin implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(200);

  @ParentCommand TerminalCommand parent;

  @Option(names = "--listen", required = true, paramLabel = "HOST:PORT",
      description = "Where to listen for the other terminals, e.g. 0.0.0.0:7701.")
  String listen;

  @Option(names = "--peer", paramLabel = "HOST:PORT", description = "Another terminal to dial (repeatable).")
  List<String> peers = new ArrayList<>();

  @Option(names = "--sync-interval", paramLabel = "DURATION", defaultValue = "10s", converter = Durations.class,
      description = "How often to push this terminal's digest even without a sale (default: ${DEFAULT-VALUE}).")
  Duration syncInterval;

  @Option(names = "--for", paramLabel = "DURATION", converter = Durations.class,
      description = "Stop after this long (default: run until interrupted).")
  Duration runFor;

  @Override
  public Integer call() throws Exception {
    TerminalProfile profile = parent.profile();
    InetSocketAddress listenAddress = address(listen);
    List<InetSocketAddress> peerAddresses = new ArrayList<>();
    for (String peer : peers) {
      peerAddresses.add(address(peer));
    }
    if (syncInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new CliException(ExitCodes.USAGE, "--sync-interval must be at least 1s");
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      stop.countDown();
      awaitQuietly(stopped, 5);
    }, "aloft-cabin-stop");
    try (Terminal terminal = parent.open(profile)) {
      if (terminal.flightId().isEmpty()) {
        throw TerminalCommand.noFlight(parent.dir());
      }
      TcpCabinTransport transport = new TcpCabinTransport(terminal, listenAddress, peerAddresses,
          TcpCabinTransport.Options.forSyncInterval(syncInterval));
      try (CabinSync sync = new CabinSync(terminal, transport, syncInterval, POLL)) {
        sync.start();
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("cabin sync: terminal " + profile.terminalId() + " on flight " + terminal.flightId().get()
            + ", listening on " + transport.localAddress() + ", dialling " + peerAddresses.size()
            + " peers, pushing every " + syncInterval.toSeconds() + " s and after every sale");
        watch(transport, stop);
      }
    } finally {
      stopped.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
        // the hook is running or was never added: nothing to remove
      }
    }
    return ExitCodes.OK;
  }

  /** Prints the connected peers whenever they change, until stopped or --for runs out. */
  private void watch(TcpCabinTransport transport, CountDownLatch stop) throws InterruptedException {
    long deadline = runFor == null ? Long.MAX_VALUE : System.nanoTime() + runFor.toNanos();
    Set<Long> shown = Set.of();
    while (System.nanoTime() < deadline) {
      if (stop.await(250, TimeUnit.MILLISECONDS)) {
        return;
      }
      Set<Long> now = transport.connectedPeers();
      if (!now.equals(shown)) {
        System.out.println("connected to terminals " + new TreeSet<>(now));
        shown = now;
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch, int seconds) {
    try {
      latch.await(seconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static InetSocketAddress address(String hostPort) throws CliException {
    int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
    if (colon < 1 || colon == hostPort.length() - 1) {
      throw new CliException(ExitCodes.USAGE, "not HOST:PORT: '" + hostPort + "'");
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(hostPort.substring(0, colon), port);
    } catch (NumberFormatException e) {
      throw new CliException(ExitCodes.USAGE, "not a port in '" + hostPort + "'");
    }
  }
}
