package io.aloft.cli;

import picocli.CommandLine.Option;

/** {@code --server URL}, shared by every command that talks to the server. */
public final class ServerOption {
  public static final String DEFAULT_URL = "http://127.0.0.1:8080";

  @Option(names = "--server", paramLabel = "URL",
      description = "Aloft server base URL (default: env ALOFT_SERVER, else " + DEFAULT_URL + ").")
  String url;

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
}
