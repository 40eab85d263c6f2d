package io.aloft.server.config;

import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import java.io.IOException;
import java.util.Arrays;

/**
 * Runs the server without the CLI, from the same settings as {@code aloft serve}: flags,
 * {@code ALOFT_*} variables and {@code --config FILE} ({@link ServerSettings}). Exits 2 on an
 * invalid setting, naming it.
 */
public final class ServerMain {
  private ServerMain() {}

  public static void main(String[] args) throws IOException {
    if (Arrays.asList(args).contains("--help")) {
      System.out.println("usage: java -cp ... io.aloft.server.config.ServerMain [--FLAG VALUE]...");
      System.out.println("The settings of 'aloft serve' (docs/configuration.md):");
      System.out.print(ServerSettings.help());
      return;
    }
    ServerConfig config;
    try {
      config = ServerSettings.resolve(ServerSettings.flags(args), System.getenv(), ServerConfig.defaults());
    } catch (InvalidSettingException e) {
      System.err.println("aloft-server: " + e.getMessage());
      System.exit(2);
      return;
    }
    if (config.exposureProblem().isPresent()) {
      System.err.println("aloft-server: " + config.exposureProblem().get());
      System.exit(2);
      return;
    }
    AloftServer server = AloftServer.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "aloft-server-stop"));
    System.out.println("Aloft server on " + server.baseUrl()
        + (config.adminKey().isPresent() ? "" : " (admin key in " + config.dataDirectory().resolve("admin-key") + ")"));
    System.out.println("issuer key fingerprint: " + server.issuerFingerprint());
  }
}
