package io.aloft.server.trust;

import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.FxRate;
import io.aloft.server.airline.Airlines;
import io.aloft.server.db.Database;
import io.aloft.server.trustlog.TrustEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * The operator's FX rates over time. A snapshot is the whole table of rates, current from the
 * moment it takes effect until the next one. A flight's trust bundle carries the snapshot current
 * at the flight's scheduled departure ({@link #forFlight}), signed; settlement converts at the
 * bundle the terminal held, so a change after departure never moves a departed flight.
 */
public final class FxSnapshots {
  /** How the rates were set. */
  public enum Source {
    CONFIG, API;

    String column() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A snapshot: its rates in the bundle's order (ascending from, to). */
  public record Snapshot(long id, Instant effectiveAt, Source source, List<FxRate> rates) {
    public Snapshot {
      rates = sorted(rates);
    }

    /** Whether this snapshot holds exactly {@code other}, in any order. */
    public boolean hasRates(List<FxRate> other) {
      return rates.equals(sorted(other));
    }
  }

  private final Database database;
  private final Clock clock;

  public FxSnapshots(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** The snapshot current now; empty when no rates were ever set. */
  public Optional<Snapshot> current() {
    return database.inTransaction(connection -> at(connection, clock.instant()));
  }

  /**
   * Makes {@code rates} the current table from now on. Flights that have not departed get a new
   * bundle version carrying them; departed flights keep theirs.
   *
   * @throws IllegalArgumentException for more than {@link TrustBundle#MAX_FX_RATES} rates or a pair given twice
   */
  public Snapshot set(List<FxRate> rates, Source source) {
    checkRates(rates);
    return database.inTransaction(connection -> insert(connection, rates, source));
  }

  /**
   * At start: the rates the configuration file gives take effect when they differ from the ones it
   * gave at the previous start, so a restart does not undo rates set through the API since.
   */
  public void applyConfigured(List<FxRate> rates) {
    checkRates(rates);
    database.inTransaction(connection -> {
      lock(connection);
      Optional<Snapshot> lastConfigured = newest(connection, "source = 'config'", null);
      boolean unchanged = lastConfigured.map(s -> s.hasRates(rates)).orElse(rates.isEmpty());
      return unchanged ? null : insert(connection, rates, Source.CONFIG);
    });
  }

  /** The snapshot a flight's bundle carries when built at {@code now}: the one current at departure, or now if earlier. */
  static List<FxRate> forFlight(Connection connection, Instant scheduledDeparture, Instant now) throws SQLException {
    Instant at = scheduledDeparture.isBefore(now) ? scheduledDeparture : now;
    return at(connection, at).map(Snapshot::rates).orElse(List.of());
  }

  private static Optional<Snapshot> at(Connection connection, Instant instant) throws SQLException {
    return newest(connection, "effective_at <= ?", instant);
  }

  private Snapshot insert(Connection connection, List<FxRate> rates, Source source) throws SQLException {
    lock(connection);
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    long id;
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO fx_snapshots (effective_at, source) VALUES (?, ?) RETURNING id")) {
      insert.setTimestamp(1, Timestamp.from(now));
      insert.setString(2, source.column());
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        id = row.getLong(1);
      }
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO fx_rates (snapshot_id, from_currency, to_currency, rate_nanos) VALUES (?, ?, ?, ?)")) {
      for (FxRate rate : rates) {
        insert.setLong(1, id);
        insert.setString(2, rate.from().code());
        insert.setString(3, rate.to().code());
        insert.setLong(4, rate.rateNanos());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    for (long flightId : Airlines.flightsDepartingAfter(connection, now)) {
      TrustEvents.flightChanged(connection, "fx-rates-changed", flightId, now);
    }
    // Read back what was written, so what is served is what was stored.
    Snapshot stored = at(connection, now).orElseThrow();
    if (stored.id() != id || !stored.hasRates(rates)) {
      throw new IllegalStateException("FX snapshot " + id + " reads back as " + stored);
    }
    return stored;
  }

  private static Optional<Snapshot> newest(Connection connection, String where, Instant instant) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT id, effective_at, source FROM fx_snapshots"
        + " WHERE " + where + " ORDER BY effective_at DESC, id DESC LIMIT 1")) {
      if (instant != null) {
        select.setTimestamp(1, Timestamp.from(instant));
      }
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        long id = row.getLong(1);
        return Optional.of(new Snapshot(id, row.getTimestamp(2).toInstant(),
            Source.valueOf(row.getString(3).toUpperCase(java.util.Locale.ROOT)), rates(connection, id)));
      }
    }
  }

  private static List<FxRate> rates(Connection connection, long snapshotId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT from_currency, to_currency, rate_nanos"
        + " FROM fx_rates WHERE snapshot_id = ? LIMIT " + (TrustBundle.MAX_FX_RATES + 1))) {
      select.setLong(1, snapshotId);
      List<FxRate> rates = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          rates.add(new FxRate(CurrencyUnit.of(row.getString(1)), CurrencyUnit.of(row.getString(2)), row.getLong(3)));
        }
      }
      checkRates(rates);
      return rates;
    }
  }

  /** Snapshots are set one at a time, so their effective times follow their ids. */
  private static void lock(Connection connection) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, 0x4658_5241_5445_5300L);
      lock.executeQuery().close();
    }
  }

  private static void checkRates(List<FxRate> rates) {
    if (rates.size() > TrustBundle.MAX_FX_RATES) {
      throw new IllegalArgumentException("at most " + TrustBundle.MAX_FX_RATES + " FX rates, got " + rates.size());
    }
    HashSet<String> pairs = new HashSet<>();
    for (FxRate rate : rates) {
      if (!pairs.add(rate.from().code() + "/" + rate.to().code())) {
        throw new IllegalArgumentException("FX rate " + rate.from().code() + "/" + rate.to().code() + " is given twice");
      }
    }
  }

  private static List<FxRate> sorted(List<FxRate> rates) {
    List<FxRate> sorted = new ArrayList<>(rates);
    sorted.sort(Comparator.comparingInt((FxRate r) -> r.from().numericCode()).thenComparingInt(r -> r.to().numericCode()));
    return List.copyOf(sorted);
  }
}
