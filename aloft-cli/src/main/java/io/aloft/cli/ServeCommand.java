package io.aloft.cli;

import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import io.aloft.server.http.TlsFiles;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the issuer and settlement server until interrupted. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {"Run the Aloft server (embedded PostgreSQL by default).",
            "By default it starts an embedded PostgreSQL whose data lives in the data folder and survives "
                + "restarts; --db-url points it at an external PostgreSQL. Stop it with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--host", defaultValue = "127.0.0.1", description = "Interface to listen on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "TCP port, 0 for any free port (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(names = "--data-dir", defaultValue = "aloft-data",
      description = "Data folder: embedded PostgreSQL, issuer keys, admin key (default: ./${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(names = "--db-url", description = "JDBC URL of an external PostgreSQL (or env ALOFT_DB_URL; "
      + "user and password from ALOFT_DB_USER and ALOFT_DB_PASSWORD).")
  String dbUrl;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "Serve HTTPS with this PEM certificate chain (server certificate first); needs --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE",
      description = "The PEM private key of --tls-cert (PKCS#8, EC or RSA; unencrypted, keep it mode 600).")
  Path tlsKey;

  @Option(names = "--insecure-http",
      description = "Allow plain HTTP on an address other than loopback. Anyone on that network can then read "
          + "every key and token sent and change the answers: only on a network you control.")
  boolean insecureHttp;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw new CliException(ExitCodes.USAGE, "--port must be 0..65535, got " + port);
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new CliException(ExitCodes.USAGE, "--tls-cert and --tls-key go together");
    }
    ServerConfig config = ServerConfig.defaults().withHost(host).withPort(port).withDataDirectory(dataDir)
        .withInsecureHttp(insecureHttp);
    if (tlsCert != null) {
      config = config.withTls(new TlsFiles(tlsCert, tlsKey));
    }
    if (config.exposureProblem().isPresent()) {
      throw new CliException(ExitCodes.USAGE, config.exposureProblem().get());
    }
    String url = dbUrl != null ? dbUrl : System.getenv("ALOFT_DB_URL");
    if (url != null && !url.isBlank()) {
      config = config.withDatabase(url, System.getenv("ALOFT_DB_USER"), System.getenv("ALOFT_DB_PASSWORD"));
    }
    String adminKeyFromEnv = System.getenv("ALOFT_ADMIN_KEY");
    if (adminKeyFromEnv != null && !adminKeyFromEnv.isBlank()) {
      config = config.withAdminKey(adminKeyFromEnv.trim());
    }
    System.out.println("aloft: starting (" + (url == null || url.isBlank()
        ? "embedded PostgreSQL in " + dataDir.toAbsolutePath().resolve("postgres") : "PostgreSQL at " + url) + ")…");
    AloftServer server = AloftServer.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "aloft-serve-stop"));
    printWelcome(server, config);
    stopped.await();
    return ExitCodes.OK;
  }

  private void printWelcome(AloftServer server, ServerConfig config) {
    String base = server.baseUrl();
    System.out.println("Aloft server listening on " + base);
    System.out.println("  admin key:  " + (config.adminKey().isPresent()
        ? "from ALOFT_ADMIN_KEY" : dataDir.toAbsolutePath().resolve("admin-key") + " (send as 'Authorization: Bearer <key>')"));
    System.out.println("  console:    " + base + "/console (log in with the admin key)");
    System.out.println("  OpenAPI:    " + base + "/v1/openapi.json");
    System.out.println("  health:     " + base + "/health");
    System.out.println("  metrics:    " + base + "/metrics (with the admin key)");
    System.out.println("  issuer key fingerprint: " + server.issuerFingerprint());
    System.out.println("    (devices on other machines: 'terminal init' / 'wallet init' --issuer-fingerprint <it>)");
    System.out.println("Press Ctrl-C to stop.");
  }
}
