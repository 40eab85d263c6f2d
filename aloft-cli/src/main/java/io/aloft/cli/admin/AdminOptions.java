package io.aloft.cli.admin;

import io.aloft.cli.CliException;
import io.aloft.cli.Secrets;
import io.aloft.cli.ServerOption;
import io.aloft.cli.http.ApiClient;
import io.aloft.cli.http.IssuerApi;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The server, the operator's key and the output form, shared by every {@code aloft admin} command. */
public final class AdminOptions {
  @Mixin ServerOption server;

  @Option(names = "--admin-key-file", paramLabel = "FILE",
      description = "File holding the admin key (default: env ALOFT_ADMIN_KEY, else ./aloft-data/admin-key).")
  Path adminKeyFile;

  @Option(names = "--json", description = "Print the server's answer as JSON, for scripts.")
  boolean json;

  IssuerApi api() throws CliException {
    String key = Secrets.resolve(adminKeyFile, "ALOFT_ADMIN_KEY", Path.of("aloft-data", "admin-key"), "admin key",
        "pass --admin-key-file FILE, set ALOFT_ADMIN_KEY, or run from the folder where 'aloft serve' runs");
    return new IssuerApi(new ApiClient(server.url(), Optional.of(key), server.transport()));
  }
}
