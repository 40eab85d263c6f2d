package io.aloft.cli;

import io.aloft.protocol.client.TransportSecurity;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --server URL} and how to reach it safely, shared by every command that talks to the
 * server: {@code https://}, or {@code http://} to this machine only unless {@code --insecure-http};
 * server certificates checked against the JVM's trust store plus {@code --tls-ca FILE}.
 */
public final class ServerOption {
  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Option(names = "--server", paramLabel = "URL",
      description = "Aloft server base URL (default: env ALOFT_SERVER, else " + DEFAULT_URL + ").")
  String url;

  @Option(names = "--tls-ca", paramLabel = "FILE",
      description = "Also trust server certificates issued by the PEM certificate(s) in FILE, e.g. a private CA or "
          + "the server's own self-signed certificate (default: env ALOFT_TLS_CA).")
  Path tlsCa;

  @Option(names = "--insecure-http",
      description = "Allow plain http:// to a server on another machine. Anyone on the network can then read the "
          + "secret sent and change the answers: only on a network you control.")
  boolean insecureHttp;

  public String url() {
    if (url != null && !url.isBlank()) {
      return url;
    }
    String fromEnv = System.getenv("ALOFT_SERVER");
    return fromEnv != null && !fromEnv.isBlank() ? fromEnv.trim() : DEFAULT_URL;
  }

  /** Whether --server was given (devices keep the URL they were set up with unless told otherwise). */
  public boolean isSet() {
    return url != null && !url.isBlank();
  }

  /** {@link #url()} if given, else {@code kept} (the URL a device was set up with). */
  public String urlOr(String kept) {
    return isSet() ? url() : kept;
  }

  /** What {@code --tls-ca} and {@code --insecure-http} allow. */
  public TransportSecurity transport() throws CliException {
    TransportSecurity transport = insecureHttp ? TransportSecurity.DEFAULT.allowingInsecureHttp()
        : TransportSecurity.DEFAULT;
    Path ca = tlsCa;
    if (ca == null && System.getenv("ALOFT_TLS_CA") != null && !System.getenv("ALOFT_TLS_CA").isBlank()) {
      ca = Path.of(System.getenv("ALOFT_TLS_CA").trim());
    }
    if (ca == null) {
      return transport;
    }
    try {
      return transport.trusting(ca);
    } catch (IOException e) {
      throw new CliException(ExitCodes.INPUT, "--tls-ca: " + e.getMessage());
    }
  }

  /** Whether {@code serverUrl} names this machine, where trusting the issuer keys on first use is allowed. */
  public static boolean isLoopback(String serverUrl) {
    try {
      String host = URI.create(serverUrl).getHost();
      return host != null && TransportSecurity.isLoopback(host);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
