package io.aloft.cli.demo;

import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.Printer;
import io.aloft.cli.Secrets;
import io.aloft.cli.http.ApiException;
import io.aloft.flight.FlightClock;
import io.aloft.flight.FlightConfig;
import io.aloft.flight.FlightEngine;
import io.aloft.flight.FlightRandom;
import io.aloft.flight.Ground;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A whole flight, end to end, and its report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Fly a whole simulated flight end to end and print its report.",
            "Airline, flight, crew terminals and passengers (some refused below score 550); enrolment and "
                + "trust bundles; then, offline from the ground with the terminals sharing cabin digests, handshake and "
                + "one-scan purchases, a refund, a payment over the limit, a terminal crash, a cloned wallet refused "
                + "by cabin sync, one terminal cut off from the cabin until the partition heals, and a forged code; "
                + "landing, uploads in random "
                + "order, settlement, arrears and the ledger check. Starts its own server (embedded PostgreSQL, on "
                + "the flight's simulated clock) unless --server is given. The same --seed prints the same report."})
public final class DemoCommand implements Callable<Integer> {
  /** The simulated day the demo's own server lives on: fixed, so reports do not depend on the date. */
  static final Instant SIMULATED_START = Instant.parse("2026-06-01T06:00:00Z");
  static final int MAX_PASSENGERS = FlightConfig.MAX_PASSENGERS;
  static final int MAX_TERMINALS = FlightConfig.MAX_TERMINALS;

  @Option(names = "--seed", description = "Seed for every choice of the flight (default: drawn, and printed).")
  Long seed;

  @Option(names = "--passengers", defaultValue = "8", description = "Passengers, 3..2000 (default: ${DEFAULT-VALUE}).")
  int passengers;

  @Option(names = "--terminals", defaultValue = "3", description = "Crew terminals, 2..64 (default: ${DEFAULT-VALUE}).")
  int terminals;

  @Option(names = "--json", description = "Print the report as JSON, for scripts.")
  boolean json;

  @Option(names = {"-q", "--quiet"}, description = "No progress lines (they go to stderr).")
  boolean quiet;

  @Option(names = "--server", paramLabel = "URL",
      description = "Fly against this running server instead of starting one (its clock is the real one).")
  String server;

  @Option(names = "--admin-key-file", paramLabel = "FILE",
      description = "With --server: the admin key (default: env ALOFT_ADMIN_KEY, else ./aloft-data/admin-key).")
  Path adminKeyFile;

  @Option(names = "--db-url", paramLabel = "JDBC_URL",
      description = "Without --server: put the demo server's data in this PostgreSQL database instead of an embedded one.")
  String dbUrl;

  @Option(names = "--serve",
      description = "After the flight, keep the demo's server running and print the console's address and how to"
          + " log in; Ctrl-C stops it. Not with --server.")
  boolean serve;

  @Option(names = "--keep", paramLabel = "DIR",
      description = "Keep the flight's device folders (and the embedded server's data) in DIR instead of a temporary folder.")
  Path keep;

  @Override
  public Integer call() throws Exception {
    if (passengers < 3 || passengers > MAX_PASSENGERS || terminals < 2 || terminals > MAX_TERMINALS) {
      throw new CliException(ExitCodes.USAGE, "--passengers must be 3.." + MAX_PASSENGERS + " and --terminals 2.."
          + MAX_TERMINALS + "; got " + passengers + " and " + terminals);
    }
    if (serve && server != null) {
      throw new CliException(ExitCodes.USAGE, "--serve keeps the demo's own server running; it cannot be used with"
          + " --server, whose server is already running");
    }
    long theSeed = seed != null ? seed : new java.security.SecureRandom().nextInt(1_000_000);
    Progress progress = new Progress(System.err, quiet);
    Path workDir = keep != null ? Files.createDirectories(keep) : Files.createTempDirectory("aloft-demo-");
    try {
      FlightReport report = fly(theSeed, workDir, progress);
      if (!serve) {
        print(report);
      }
      return ExitCodes.OK;
    } finally {
      if (keep == null) {
        deleteTree(workDir);
      } else {
        progress.step("device folders kept in " + workDir.toAbsolutePath());
      }
    }
  }

  private FlightReport fly(long theSeed, Path workDir, Progress progress) throws Exception {
    FlightClock clock;
    DemoServer demoServer;
    if (server != null) {
      String adminKey = Secrets.resolve(adminKeyFile, "ALOFT_ADMIN_KEY", Path.of("aloft-data", "admin-key"), "admin key",
          "pass --admin-key-file FILE or set ALOFT_ADMIN_KEY");
      // The server's clock is the real one, so the flight's starts now.
      clock = new FlightClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
      demoServer = DemoServer.connect(server, adminKey);
    } else {
      clock = new FlightClock(SIMULATED_START);
      progress.step("starting a server" + (dbUrl == null ? " on an embedded PostgreSQL (a few seconds)" : ""));
      demoServer = DemoServer.start(workDir.resolve("server"), Optional.ofNullable(dbUrl), clock,
          new FlightRandom(theSeed, ""));
    }
    // On a shared server device keys must be new each run; on the demo's own, they repeat with the seed.
    String deviceSalt = demoServer.isOwned() ? "" : java.util.UUID.randomUUID().toString();
    FlightConfig config = new FlightConfig(theSeed, passengers, terminals, workDir, deviceSalt);
    DemoNarrator narrator = new DemoNarrator(progress);
    try (demoServer; FlightEngine engine = new FlightEngine(config, new DemoGround(demoServer, clock), clock, narrator)) {
      FlightReport report = new DemoReport(demoServer, narrator, engine.fly()).build(theSeed);
      if (serve) {
        print(report);
        serveUntilStopped(demoServer, workDir);
      }
      return report;
    } catch (Ground.GroundException e) {
      throw e.getCause() instanceof ApiException api ? api.toCliException() : e;
    } catch (ApiException e) {
      throw e.toCliException();
    }
  }

  private void print(FlightReport report) throws IOException {
    if (json) {
      Printer.json(report, System.out);
    } else {
      ReportText.print(report, System.out);
    }
    System.out.flush();
  }

  /**
   * Keeps the demo's server answering until the process is stopped, after saying where the
   * console is and how to log in. The admin key goes to a 0600 file, not to the terminal.
   */
  private static void serveUntilStopped(DemoServer demoServer, Path workDir) throws IOException, InterruptedException {
    Path keyFile = workDir.resolve("admin-key");
    Files.deleteIfExists(keyFile);
    Files.createFile(keyFile, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
        java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.writeString(keyFile, demoServer.adminKey());
    java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown, "aloft-demo-stop"));
    System.err.println();
    System.err.println("The demo's server keeps running. Open the console:");
    System.err.println("  " + demoServer.baseUrl() + "/console");
    System.err.println("and log in with the operator's admin key, which is in");
    System.err.println("  " + keyFile.toAbsolutePath() + "   (cat it, paste it on the login page)");
    System.err.println("Press Ctrl-C to stop.");
    stopped.await();
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("aloft: could not remove " + root + ": " + e.getMessage());
    }
  }
}
