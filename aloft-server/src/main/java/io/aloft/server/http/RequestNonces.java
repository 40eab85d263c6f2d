package io.aloft.server.http;

import io.aloft.server.db.Database;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

/**
 * The replay cache of terminals' signed requests, in PostgreSQL so that it holds across restarts
 * and server nodes. A nonce is remembered for twice the allowed clock skew: a request signed at
 * T is accepted only while the server's clock reads within the skew of T, so a replay after that
 * is refused for its time, not its nonce. Each terminal's expired nonces are deleted as it sends
 * new ones, which bounds the table by the request rate times that window.
 */
final class RequestNonces {
  private final Database database;
  private final Duration remembered;

  RequestNonces(Database database, Duration maxClockSkew) {
    this.database = database;
    this.remembered = maxClockSkew.multipliedBy(2);
  }

  /** Records the nonce; false when the terminal used it before (a replay). */
  boolean firstUse(long terminalId, String nonce, Instant now) {
    return database.inTransaction(connection -> {
      try (PreparedStatement prune = connection.prepareStatement(
          "DELETE FROM request_nonces WHERE terminal_id = ? AND seen_at < ?")) {
        prune.setLong(1, terminalId);
        prune.setTimestamp(2, Timestamp.from(now.minus(remembered)));
        prune.executeUpdate();
      }
      try (PreparedStatement insert = connection.prepareStatement("INSERT INTO request_nonces"
          + " (terminal_id, nonce, seen_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        insert.setLong(1, terminalId);
        insert.setString(2, nonce);
        insert.setTimestamp(3, Timestamp.from(now));
        return insert.executeUpdate() == 1;
      }
    });
  }
}
