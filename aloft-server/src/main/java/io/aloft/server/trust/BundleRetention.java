package io.aloft.server.trust;

import io.aloft.server.airline.Flight;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which stored trust bundle versions of a flight are kept. Settlement re-runs the rules under the
 * exact version a terminal held, so it needs a version only if a terminal can have held it and a
 * payment accepted under it can still be paid. A stored version is kept when it is
 * <ol>
 *   <li>the flight's newest stored version; or</li>
 *   <li>one that went to a terminal-side caller (a terminal, its airline, the operator) and is not
 *       older than the flight's <em>departure version</em>: the newest such version issued at or
 *       before scheduled departure. Before departure every terminal-side version is kept; a
 *       payment made under a bundle older than the departure version is not one the rules pay
 *       (DESIGN.md, "Rule-abiding merchants are paid"); or</li>
 *   <li>one that a settled payment names (its refunds are checked under it).</li>
 * </ol>
 * Everything else is deleted when a new version is stored: a version only wallets fetched is
 * superseded at once (wallets check terminals with it; settlement never reads it). So a flight
 * keeps one version per terminal sync before departure, plus the few issued after it, whatever
 * its number of passengers, and none of them changes once stored.
 */
final class BundleRetention {
  private BundleRetention() {}

  /** Deletes the flight's versions older than {@code newest} that the rule above does not keep; returns how many. */
  static int prune(Connection connection, Flight flight, long newest, Instant now, TrustBundles.VersionsInUse inUse)
      throws SQLException {
    long departureVersion = now.isBefore(flight.scheduledDeparture()) ? 0
        : departureVersion(connection, flight.id(), flight.scheduledDeparture());
    Set<Long> named = inUse.of(connection, flight.id());
    List<Long> doomed = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT version, served_to_terminals FROM trust_bundles WHERE flight_id = ? AND version < ?")) {
      select.setLong(1, flight.id());
      select.setLong(2, newest);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          long version = row.getLong(1);
          boolean needed = row.getBoolean(2) && version >= departureVersion || named.contains(version);
          if (!needed) {
            doomed.add(version);
          }
        }
      }
    }
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM trust_bundles WHERE flight_id = ? AND version = ANY (?)")) {
      delete.setLong(1, flight.id());
      delete.setArray(2, connection.createArrayOf("bigint", doomed.toArray()));
      return delete.executeUpdate();
    }
  }

  /** The newest terminal-side version issued at or before departure; 0 when there is none. */
  private static long departureVersion(Connection connection, long flightId, Instant departure) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT coalesce(max(version), 0) FROM trust_bundles"
        + " WHERE flight_id = ? AND served_to_terminals AND created_at <= ?")) {
      select.setLong(1, flightId);
      select.setTimestamp(2, Timestamp.from(departure));
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }
}
