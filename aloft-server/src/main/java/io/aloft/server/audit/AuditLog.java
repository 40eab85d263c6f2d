package io.aloft.server.audit;

import io.aloft.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit log: one row per operator or airline action, never updated or deleted. The only
 * package that names the {@code audit_log} table.
 */
public final class AuditLog {
  /** Rows one read returns at most. */
  public static final int MAX_LISTED = 500;
  private static final int MAX_TEXT = 500;

  private final Database database;
  private final Clock clock;

  public AuditLog(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** One recorded action. {@code actor} is a principal name such as {@code admin} or {@code airline:7}. */
  public record Event(long id, Instant at, String actor, String action, String subject, String detail,
      String requestId) {}

  public void record(String actor, String action, String subject, String detail, String requestId) {
    database.inTransaction(connection -> {
      record(connection, actor, action, subject, detail, requestId);
      return null;
    });
  }

  /**
   * Records an action in the caller's transaction, so that the action and its record commit
   * together or not at all.
   */
  public void record(Connection connection, String actor, String action, String subject, String detail,
      String requestId) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO audit_log (at, actor, action, subject, detail, request_id) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setTimestamp(1, Timestamp.from(clock.instant()));
      insert.setString(2, bounded(actor));
      insert.setString(3, bounded(action));
      insert.setString(4, bounded(subject));
      insert.setString(5, bounded(detail));
      insert.setString(6, bounded(requestId));
      insert.executeUpdate();
    }
  }

  /**
   * The newest events first; an actor name limits it to that actor's own actions and those of the
   * people acting for it ({@code airline:7} includes {@code airline:7/user:alice}).
   */
  public List<Event> newest(int limit, java.util.Optional<String> actor) {
    if (limit < 1 || limit > MAX_LISTED) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LISTED + ": " + limit);
    }
    return database.inTransaction(connection -> {
      List<Event> events = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT id, at, actor, action, subject, detail, request_id FROM audit_log"
              + (actor.isPresent() ? " WHERE (actor = ? OR starts_with(actor, ?))" : "")
              + " ORDER BY at DESC, id DESC LIMIT " + limit)) {
        if (actor.isPresent()) {
          select.setString(1, actor.get());
          select.setString(2, actor.get() + "/");
        }
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            events.add(new Event(row.getLong(1), row.getTimestamp(2).toInstant(), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getString(7)));
          }
        }
      }
      return events;
    });
  }

  private static String bounded(String text) {
    if (text == null) {
      throw new IllegalArgumentException("audit fields must not be null");
    }
    return text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT - 1) + "…";
  }
}
