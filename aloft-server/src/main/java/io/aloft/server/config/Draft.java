package io.aloft.server.config;

import io.aloft.server.ServerConfig;
import io.aloft.server.http.TlsFiles;
import java.nio.file.Path;
import java.util.Optional;

/** A configuration while its settings are applied; settings that only make sense together meet in {@link #finish}. */
final class Draft {
  ServerConfig config;
  Path tlsCertificate;
  Path tlsKey;
  String databaseUrl;
  String databaseUser;
  String databasePassword;

  Draft(ServerConfig config) {
    this.config = config;
  }

  /** Why the settings do not fit together, or empty. */
  Optional<String> problem() {
    if ((tlsCertificate == null) != (tlsKey == null)) {
      return Optional.of("tls.cert and tls.key go together (--tls-cert FILE --tls-key FILE)");
    }
    if (databaseUrl == null && (databaseUser != null || databasePassword != null)) {
      return Optional.of("database.user and database.password need database.url (--db-url JDBC_URL)");
    }
    return Optional.empty();
  }

  ServerConfig finish() {
    ServerConfig done = tlsCertificate == null ? config : config.withTls(new TlsFiles(tlsCertificate, tlsKey));
    return databaseUrl == null ? done : done.withDatabase(databaseUrl, databaseUser, databasePassword);
  }
}
