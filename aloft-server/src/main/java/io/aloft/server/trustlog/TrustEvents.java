package io.aloft.server.trustlog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.TreeMap;

/**
 * The change log behind trust bundle versions. A change that concerns one flight (an enrolment, a
 * revoked credential), one airline (a terminal registered or revoked) or everyone (issuer keys)
 * appends a row in the same transaction as the change itself, so a bundle's version can never lag
 * behind what it should contain.
 */
public final class TrustEvents {
  private TrustEvents() {}

  public static void flightChanged(Connection connection, String kind, long flightId, Instant now) throws SQLException {
    insert(connection, kind, null, flightId, now);
  }

  public static void airlineChanged(Connection connection, String kind, long airlineId, Instant now) throws SQLException {
    insert(connection, kind, airlineId, null, now);
  }

  public static void everyoneChanged(Connection connection, String kind, Instant now) throws SQLException {
    insert(connection, kind, null, null, now);
  }

  /** The version of the bundle for a flight of an airline: the newest change that concerns it, at least 1. */
  public static long versionFor(Connection connection, long airlineId, long flightId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT coalesce(max(version), 0) FROM trust_events WHERE flight_id = ? OR airline_id = ?"
            + " OR (flight_id IS NULL AND airline_id IS NULL)")) {
      select.setLong(1, flightId);
      select.setLong(2, airlineId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return Math.max(1, row.getLong(1));
      }
    }
  }

  /**
   * When each version of a flight's bundle came to be: the instant of each change that concerns the
   * flight, to the newest version at that instant.
   */
  public static TreeMap<Instant, Long> versionsFrom(Connection connection, long flightId, long airlineId)
      throws SQLException {
    TreeMap<Instant, Long> versionFrom = new TreeMap<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT version, created_at FROM trust_events WHERE flight_id = ? OR airline_id = ?"
            + " OR (flight_id IS NULL AND airline_id IS NULL) ORDER BY version")) {
      select.setLong(1, flightId);
      select.setLong(2, airlineId);
      long newest = 0;
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          newest = Math.max(newest, row.getLong(1));
          versionFrom.merge(row.getTimestamp(2).toInstant(), newest, Math::max);
        }
      }
    }
    return versionFrom;
  }

  private static void insert(Connection connection, String kind, Long airlineId, Long flightId, Instant now)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO trust_events (created_at, kind, airline_id, flight_id) VALUES (?, ?, ?, ?)")) {
      insert.setTimestamp(1, Timestamp.from(now));
      insert.setString(2, kind);
      setNullable(insert, 3, airlineId);
      setNullable(insert, 4, flightId);
      insert.executeUpdate();
    }
  }

  private static void setNullable(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }
}
