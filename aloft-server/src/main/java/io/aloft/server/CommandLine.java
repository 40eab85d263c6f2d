package io.aloft.server;

import io.aloft.server.issuer.IssuerKeyStore;
import java.nio.file.Path;
import java.util.Map;

/** Flags and environment variables of {@code aloft-server}; flags win over the environment. */
final class CommandLine {
  static final String USAGE = String.join("\n",
      "usage: aloft-server [--host H] [--port P] [--data-dir DIR] [--db-url JDBC_URL]",
      "  --host      interface to listen on (default 127.0.0.1)",
      "  --port      TCP port, 0 for any free port (default 8080)",
      "  --data-dir  data folder: embedded PostgreSQL, keys (default ./aloft-data)",
      "  --db-url    external PostgreSQL instead of the embedded one (env ALOFT_DB_URL;",
      "              user and password from ALOFT_DB_USER, ALOFT_DB_PASSWORD)",
      "environment: ALOFT_ADMIN_KEY (operator key), ALOFT_ISSUER_KEYS (id:hex,...)");

  private CommandLine() {}

  static ServerConfig parse(String[] args, Map<String, String> env) {
    ServerConfig config = ServerConfig.defaults();
    String dbUrl = env.get("ALOFT_DB_URL");
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException("help requested");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("flag " + flag + " needs a value");
      }
      String value = args[++i];
      switch (flag) {
        case "--host" -> config = config.withHost(value);
        case "--port" -> config = config.withPort(port(value));
        case "--data-dir" -> config = config.withDataDirectory(Path.of(value));
        case "--db-url" -> dbUrl = value;
        default -> throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    if (dbUrl != null && !dbUrl.isBlank()) {
      config = config.withDatabase(dbUrl, env.get("ALOFT_DB_USER"), env.get("ALOFT_DB_PASSWORD"));
    }
    if (env.containsKey("ALOFT_ADMIN_KEY")) {
      config = config.withAdminKey(env.get("ALOFT_ADMIN_KEY").trim());
    }
    if (env.containsKey("ALOFT_ISSUER_KEYS")) {
      config = config.withIssuerKeys(IssuerKeyStore.parse(env.get("ALOFT_ISSUER_KEYS")));
    }
    return config;
  }

  private static int port(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--port must be a number, got " + value);
    }
  }
}
