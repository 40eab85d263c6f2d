package io.aloft.server.ledger;

import io.aloft.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the ledger says the provider owes each airline: its merchant accounts, read as amounts
 * owed (the negated balance, since a merchant account is a liability and credits are negative).
 *
 * <p>Known limit: ledger postings carry no index (they are settlement's hottest insert), so
 * {@link #movements} reads every posting once per call. It is an operator's or airline's report,
 * not a hot path.
 */
public final class MerchantAccounts {
  private final Database database;

  public MerchantAccounts(Database database) {
    this.database = database;
  }

  /** What one airline is owed in one currency; zero once everything is paid out. */
  public record Owed(long airlineId, String currency, long owedMinor) {}

  /** Every merchant account of {@code airlineId}, or of all airlines, by airline then currency. */
  public List<Owed> owed(Optional<Long> airlineId) {
    return database.inTransaction(connection -> {
      List<Owed> owed = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT owner_id, currency, -balance_minor FROM ledger_accounts WHERE kind = 'merchant'"
              + (airlineId.isPresent() ? " AND owner_id = ?" : "") + " ORDER BY owner_id, currency")) {
        if (airlineId.isPresent()) {
          select.setLong(1, airlineId.get());
        }
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            owed.add(new Owed(row.getLong(1), row.getString(2), row.getLong(3)));
          }
        }
      }
      return owed;
    });
  }

  /** What the ledger owes the airline, per currency in code order (liabilities are credits, so negated). */
  public static List<Owed> owedTo(Connection connection, long airlineId) throws SQLException {
    List<Owed> rows = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT currency, balance_minor FROM ledger_accounts WHERE kind = 'merchant' AND owner_id = ?"
            + " ORDER BY currency")) {
      select.setLong(1, airlineId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rows.add(new Owed(airlineId, row.getString(1), -row.getLong(2)));
        }
      }
    }
    return rows;
  }

  /**
   * What {@code airlineId} is owed in {@code currency}, with its merchant account locked until the
   * caller's transaction ends, so that two payouts cannot both spend the same balance. Empty when
   * the airline has no account in that currency.
   */
  public static Optional<Long> lockOwed(Connection connection, long airlineId, String currency) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT -balance_minor FROM ledger_accounts"
        + " WHERE kind = 'merchant' AND owner_id = ? AND currency = ? FOR UPDATE")) {
      select.setLong(1, airlineId);
      select.setString(2, currency);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
      }
    }
  }

  /** One entry's movement of what one airline is owed in one currency (positive: owed more). */
  public record Line(long entryId, Instant at, String kind, String currency, long owedMinor) {}

  /** All movements of one entry kind in one currency over the period, and how many entries they are. */
  public record KindTotal(String currency, String kind, long owedMinor, long entries) {}

  /**
   * What an airline was owed at {@code from}, every movement in [{@code from}, {@code to}) summed
   * per currency and entry kind, and the first {@code maxLines} of those movements one per entry,
   * oldest first. All from one snapshot, so opening plus movements is exactly what it was owed at
   * {@code to}.
   */
  public record Movements(TreeMap<String, Long> openingOwedMinor, List<KindTotal> totals, List<Line> lines,
      boolean truncated) {}

  public Movements movements(long airlineId, Instant from, Instant to, int maxLines) {
    if (!from.isBefore(to) || maxLines < 1) {
      throw new IllegalArgumentException("need from < to and maxLines >= 1: " + from + " " + to + " " + maxLines);
    }
    return database.inTransaction(connection -> {
      try (var statement = connection.createStatement()) {
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
      }
      TreeMap<String, Long> opening = new TreeMap<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT p.currency, -sum(p.amount_minor)"
          + MERCHANT_POSTINGS + " AND e.created_at < ? GROUP BY p.currency")) {
        select.setLong(1, airlineId);
        select.setTimestamp(2, Timestamp.from(from));
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            opening.put(row.getString(1), row.getLong(2));
          }
        }
      }
      List<KindTotal> totals = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT p.currency, e.kind, -sum(p.amount_minor), count(DISTINCT e.id)" + MERCHANT_POSTINGS
              + " AND e.created_at >= ? AND e.created_at < ? GROUP BY p.currency, e.kind ORDER BY 1, 2")) {
        bindPeriod(select, airlineId, from, to);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            totals.add(new KindTotal(row.getString(1), row.getString(2), row.getLong(3), row.getLong(4)));
          }
        }
      }
      List<Line> lines = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT e.id, e.created_at, e.kind, p.currency, -sum(p.amount_minor)" + MERCHANT_POSTINGS
              + " AND e.created_at >= ? AND e.created_at < ? GROUP BY e.id, e.created_at, e.kind, p.currency"
              + " ORDER BY e.created_at, e.id, p.currency LIMIT " + (maxLines + 1))) {
        bindPeriod(select, airlineId, from, to);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            lines.add(new Line(row.getLong(1), row.getTimestamp(2).toInstant(), row.getString(3), row.getString(4),
                row.getLong(5)));
          }
        }
      }
      boolean truncated = lines.size() > maxLines;
      return new Movements(opening, totals, truncated ? lines.subList(0, maxLines) : lines, truncated);
    });
  }

  private static final String MERCHANT_POSTINGS = " FROM ledger_postings p"
      + " JOIN ledger_accounts a ON a.id = p.ledger_account_id JOIN ledger_entries e ON e.id = p.entry_id"
      + " WHERE a.kind = 'merchant' AND a.owner_id = ?";

  private static void bindPeriod(PreparedStatement select, long airlineId, Instant from, Instant to)
      throws SQLException {
    select.setLong(1, airlineId);
    select.setTimestamp(2, Timestamp.from(from));
    select.setTimestamp(3, Timestamp.from(to));
  }
}
