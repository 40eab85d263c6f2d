package io.aloft.cli.app;

import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** Runs an app until Ctrl-C: what {@code aloft terminal app} and {@code aloft wallet app} share. */
public final class AppCommand {
  public static final String LISTEN_DEFAULT = "127.0.0.1:0";

  private AppCommand() {}

  /** {@code HOST:PORT} as an address; port 0 is any free port. */
  public static InetSocketAddress listen(String hostPort) throws CliException {
    int colon = hostPort == null ? -1 : hostPort.lastIndexOf(':');
    if (colon < 1 || colon == hostPort.length() - 1) {
      throw new CliException(ExitCodes.USAGE, "--listen: not HOST:PORT: '" + hostPort + "'");
    }
    String host = hostPort.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(hostPort.substring(colon + 1));
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return new InetSocketAddress(host, port);
    } catch (NumberFormatException e) {
      throw new CliException(ExitCodes.USAGE, "--listen: not a port in '" + hostPort + "'");
    }
  }

  /**
   * Starts {@code app}, prints where it is ({@code what} at the URL), and serves until the process
   * is interrupted; then stops serving and closes the device before the process exits.
   */
  public static int serve(String what, AppLauncher app) throws Exception {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    boolean stoppedByInterrupt = false;
    AppServer server = app.launch();
    Thread hook = new Thread(() -> {
      stop.countDown();
      try {
        closed.await(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "aloft-app-stop");
    try {
      Runtime.getRuntime().addShutdownHook(hook);
      System.out.println(what + " at " + server.url());
      if (!server.loopback()) {
        System.out.println("warning: listening beyond this machine, over plain HTTP");
      }
      System.out.println("Open it in a browser on this machine. Press Ctrl-C to stop.");
      System.out.flush();
      stop.await();
    } catch (InterruptedException interrupted) {
      // Stopped from inside the process (an embedding program or a test) rather than by Ctrl-C;
      // the flag is set again once the server has stopped, which an interrupted thread cannot do.
      stoppedByInterrupt = true;
    } finally {
      server.close();
      closed.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running: the process is on its way out
      }
    }
    if (stoppedByInterrupt) {
      Thread.currentThread().interrupt();
    }
    return ExitCodes.OK;
  }

  /** Starts a server for {@code screens} on {@code listen}; closing it closes {@code device}. */
  public static AppServer start(InetSocketAddress listen, Consumer<AppServer> screens, AutoCloseable device)
      throws Exception {
    AppServer server;
    try {
      server = AppServer.start(listen, new SecureRandom(), screens);
    } catch (RuntimeException e) {
      device.close();
      throw new CliException(ExitCodes.USAGE, "cannot listen on " + listen + ": " + e.getMessage());
    }
    server.closing(device);
    return server;
  }
}
