package io.aloft.server.allowance;

import io.aloft.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads a payer's {@link Allowance} from their credentials and what settled under them, in one
 * statement over the views their owners publish ({@code issued_credentials} of enrolment,
 * {@code flight_labels} of airline, {@code settled_payments} of settlement): those packages sit
 * above this one, which enrolment and accounts call.
 *
 * <p>Reads take no row locks. Settlement locks credentials (ascending serial) and then accounts;
 * a caller that must not race another enrolment holds the account's row lock (enrolment does),
 * and reading credentials and payments without locks cannot close a cycle with settlement. A
 * settlement that has not committed yet is not seen, so the reservation read is the larger one:
 * the error is on the safe side.
 */
public final class Allowances {
  private final Database database;
  private final Duration settlementWindow;

  public Allowances(Database database, Duration settlementWindow) {
    if (settlementWindow.isNegative()) {
      throw new IllegalArgumentException("settlementWindow must not be negative, got " + settlementWindow);
    }
    this.database = database;
    this.settlementWindow = settlementWindow;
  }

  /** The allowance as a view shows it, read in a transaction of its own. */
  public Allowance of(long accountId, long limitMinor, Instant now) {
    return database.inTransaction(connection -> of(connection, accountId, limitMinor, now));
  }

  /** The account's allowance at {@code now}, given its tier's total limit ({@code limitMinor}, 0 when none). */
  public Allowance of(Connection connection, long accountId, long limitMinor, Instant at) throws SQLException {
    // PostgreSQL keeps microseconds; compare at that precision so the query and the rule agree.
    Instant now = at.truncatedTo(ChronoUnit.MICROS);
    // One row per open credential that still reserves something, largest first; the window sum
    // runs before LIMIT, so the total covers every open credential, not only the rows returned.
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT serial, flight_id, flight_code, flight_date, total_limit_minor, settled_minor, valid_until,"
            + " (sum(reserved_minor) OVER ())::bigint AS reserved_total FROM ("
            + "  SELECT c.serial, c.flight_id, f.flight_code, f.flight_date,"
            + "   c.total_limit_minor, c.valid_until, s.settled_minor,"
            + "   greatest(0, c.total_limit_minor - s.settled_minor) AS reserved_minor"
            + "  FROM issued_credentials c JOIN flight_labels f ON f.flight_id = c.flight_id"
            + "  CROSS JOIN LATERAL (SELECT coalesce(sum(p.signed_charge_minor), 0)::bigint AS settled_minor"
            + "   FROM settled_payments p WHERE p.serial = c.serial AND p.funded_by = 'payer') s"
            + "  WHERE c.account_id = ? AND c.valid_until > ?) open"
            + " WHERE reserved_minor > 0 ORDER BY reserved_minor DESC, valid_until DESC, serial LIMIT ?")) {
      select.setLong(1, accountId);
      select.setTimestamp(2, Timestamp.from(now.minus(settlementWindow)));
      select.setInt(3, Allowance.MAX_HOLDS);
      List<Allowance.Hold> holds = new ArrayList<>();
      long reserved = 0;
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          Instant validUntil = row.getTimestamp("valid_until").toInstant();
          Allowance.Hold hold = new Allowance.Hold(HexFormat.of().formatHex(row.getBytes("serial")),
              row.getLong("flight_id"), row.getString("flight_code"), row.getDate("flight_date").toLocalDate(),
              row.getLong("total_limit_minor"), row.getLong("settled_minor"), validUntil.plus(settlementWindow));
          // The query's filter and the rule must agree, or the sum below means something else.
          if (!Allowance.reservesAt(validUntil, settlementWindow, now) || hold.reservedMinor() < 1) {
            throw new IllegalStateException("credential " + hold.serial() + " listed as open but reserves nothing");
          }
          holds.add(hold);
          reserved = row.getLong("reserved_total");
        }
      }
      return new Allowance(limitMinor, reserved, holds);
    }
  }
}
