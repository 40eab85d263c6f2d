package io.aloft.server.console;

import io.aloft.server.db.Database;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Secrets;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Console sessions in PostgreSQL, so that any server node answers any browser and a logout holds
 * everywhere. The browser's cookie carries 256 random bits; the table keeps only their SHA-256.
 * Each session has its own CSRF token, which every form posts back.
 */
final class ConsoleSessions {
  static final Duration LIFETIME = Duration.ofHours(8);

  private final Database database;
  private final Clock clock;
  private final SecureRandom random;

  ConsoleSessions(Database database, Clock clock, SecureRandom random) {
    this.database = database;
    this.clock = clock;
    this.random = random;
  }

  /**
   * A live session: who, its CSRF token, and when it ends. {@code username} names the console user
   * who signed in as the airline; it is empty for a key's session.
   */
  record Session(Principal principal, Optional<String> username, String csrfToken, Instant expiresAt) {}

  /** A new session for {@code principal} (the operator or an airline); returns the cookie's token. */
  String open(Principal principal) {
    return open(principal, Optional.empty());
  }

  /** A new session for a console user, who acts as its airline. */
  String open(ConsoleUsers.User user) {
    return open(new Principal.Merchant(user.airlineId()), Optional.of(user.id()));
  }

  private String open(Principal principal, Optional<Long> consoleUserId) {
    if (!(principal instanceof Principal.Admin) && !(principal instanceof Principal.Merchant)) {
      throw new IllegalArgumentException("only the operator and airlines use the console: " + principal.name());
    }
    String token = randomText();
    Instant now = clock.instant();
    database.inTransaction(connection -> {
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO console_sessions"
          + " (token_hash, created_at, expires_at, principal, airline_id, csrf_token, console_user_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        insert.setBytes(1, Secrets.hash(token));
        insert.setTimestamp(2, Timestamp.from(now));
        insert.setTimestamp(3, Timestamp.from(now.plus(LIFETIME)));
        insert.setString(4, principal instanceof Principal.Admin ? "admin" : "airline");
        insert.setObject(5, principal instanceof Principal.Merchant merchant ? merchant.airlineId() : null);
        insert.setString(6, randomText());
        insert.setObject(7, consoleUserId.orElse(null), java.sql.Types.BIGINT);
        insert.executeUpdate();
      }
      return null;
    });
    return token;
  }

  /**
   * The session a cookie names, if it exists, has not expired and has not ended, and its console
   * user (if any) is not disabled.
   */
  Optional<Session> find(String token) {
    if (token == null || token.isEmpty() || token.length() > Secrets.MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT s.principal, s.airline_id, s.csrf_token,"
          + " s.expires_at, u.username FROM console_sessions s LEFT JOIN console_users u ON u.id = s.console_user_id"
          + " WHERE s.token_hash = ? AND s.ended_at IS NULL AND s.expires_at > ?"
          + " AND (s.console_user_id IS NULL OR u.disabled_at IS NULL)")) {
        select.setBytes(1, Secrets.hash(token));
        select.setTimestamp(2, Timestamp.from(clock.instant()));
        try (ResultSet row = select.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          Principal principal = row.getString(1).equals("admin") ? new Principal.Admin()
              : new Principal.Merchant(row.getLong(2));
          return Optional.of(new Session(principal, Optional.ofNullable(row.getString(5)), row.getString(3),
              row.getTimestamp(4).toInstant()));
        }
      }
    });
  }

  /** Ends the session at once (logout); a later request with the same cookie is sent to the login page. */
  void end(String token) {
    database.inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE console_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL")) {
        update.setTimestamp(1, Timestamp.from(clock.instant()));
        update.setBytes(2, Secrets.hash(token));
        update.executeUpdate();
      }
      return null;
    });
  }

  private String randomText() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
