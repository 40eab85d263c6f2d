package io.aloft.server;

import io.aloft.server.http.TlsFiles;
import io.aloft.server.issuer.IssuerKeyStore;
import java.nio.file.Path;
import java.util.Map;

/** Flags and environment variables of {@code aloft-server}; flags win over the environment. */
final class CommandLine {
  static final String USAGE = String.join("\n",
      "usage: aloft-server [--host H] [--port P] [--data-dir DIR] [--db-url JDBC_URL]",
      "                    [--tls-cert FILE --tls-key FILE] [--insecure-http]",
      "  --host      interface to listen on (default 127.0.0.1)",
      "  --port      TCP port, 0 for any free port (default 8080)",
      "  --data-dir  data folder: embedded PostgreSQL, keys (default ./aloft-data)",
      "  --db-url    external PostgreSQL instead of the embedded one (env ALOFT_DB_URL;",
      "              user and password from ALOFT_DB_USER, ALOFT_DB_PASSWORD)",
      "  --tls-cert  PEM certificate chain to serve HTTPS with (with --tls-key)",
      "  --tls-key   PEM private key (PKCS#8, EC or RSA, unencrypted) of that certificate",
      "  --insecure-http  allow plain HTTP on an address other than loopback",
      "environment: ALOFT_ADMIN_KEY (operator key), ALOFT_ISSUER_KEYS (id:hex,...)");

  private CommandLine() {}

  static ServerConfig parse(String[] args, Map<String, String> env) {
    ServerConfig config = ServerConfig.defaults();
    String dbUrl = env.get("ALOFT_DB_URL");
    Path tlsCert = null;
    Path tlsKey = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--help") || flag.equals("-h")) {
        throw new IllegalArgumentException("help requested");
      }
      if (flag.equals("--insecure-http")) {
        config = config.withInsecureHttp(true);
        continue;
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
        case "--tls-cert" -> tlsCert = Path.of(value);
        case "--tls-key" -> tlsKey = Path.of(value);
        default -> throw new IllegalArgumentException("unknown flag " + flag);
      }
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together");
    }
    if (tlsCert != null) {
      config = config.withTls(new TlsFiles(tlsCert, tlsKey));
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
