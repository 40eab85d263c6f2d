package io.aloft.server.airline;

import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.db.Database;
import io.aloft.server.http.ApiTokens;
import io.aloft.server.http.Secrets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Airlines and their flights in PostgreSQL. Terminals live in {@link Terminals}. */
public final class Airlines {
  /** Listing endpoints return at most this many rows, newest first. */
  public static final int MAX_LISTED = 1000;

  private final Database database;
  private final Clock clock;
  private final SecureRandom random;

  public Airlines(Database database, Clock clock, SecureRandom random) {
    this.database = database;
    this.clock = clock;
    this.random = random;
  }

  /** A new airline and its first merchant API key (shown once, stored hashed). */
  public record Created(Airline airline, String merchantApiKey) {}

  /** Empty when the code is already taken. */
  public Optional<Created> create(String code, String name, CurrencyUnit currency) {
    String key = Secrets.newToken("merchant", random);
    Optional<Long> id = database.inTransaction(connection -> {
      Optional<Long> airlineId = insertAirline(connection, code, name, currency);
      if (airlineId.isPresent()) {
        ApiTokens.insert(connection, Secrets.hash(key), "merchant", null, airlineId.get(), clock.instant(), null);
      }
      return airlineId;
    });
    return id.map(airlineId -> new Created(find(airlineId).orElseThrow(), key));
  }

  private Optional<Long> insertAirline(Connection connection, String code, String name, CurrencyUnit currency)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO airlines (created_at, code, name, currency) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (code) DO NOTHING RETURNING id")) {
      insert.setTimestamp(1, Timestamp.from(clock.instant()));
      insert.setString(2, code);
      insert.setString(3, name);
      insert.setString(4, currency.code());
      try (ResultSet row = insert.executeQuery()) {
        return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
      }
    }
  }

  public Optional<Airline> find(long id) {
    return database.inTransaction(connection -> find(connection, id));
  }

  public static Optional<Airline> find(Connection connection, long id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT * FROM airlines WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(readAirline(row)) : Optional.empty();
      }
    }
  }

  /** Every airline by code (at most {@link #MAX_LISTED}), for choosing one from a list. */
  public List<Airline> list() {
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT * FROM airlines ORDER BY code, id LIMIT " + MAX_LISTED);
          ResultSet row = select.executeQuery()) {
        List<Airline> airlines = new ArrayList<>();
        while (row.next()) {
          airlines.add(readAirline(row));
        }
        return airlines;
      }
    });
  }

  private static Airline readAirline(ResultSet row) throws SQLException {
    return new Airline(row.getLong("id"), row.getTimestamp("created_at").toInstant(), row.getString("code"),
        row.getString("name"), CurrencyUnit.of(row.getString("currency")));
  }

  /** What a new flight needs; times are checked by the caller. */
  public record NewFlight(String flightNumber, LocalDate flightDate, java.time.Instant scheduledDeparture,
      java.time.Instant scheduledArrival, OneScanPolicy oneScan) {}

  /** Empty when the airline already has this flight number on this date. */
  public Optional<Flight> createFlight(long airlineId, NewFlight flight) {
    return database.inTransaction(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO flights (created_at, airline_id, flight_number, flight_date, scheduled_departure,"
              + " scheduled_arrival, one_scan_window_seconds) VALUES (?, ?, ?, ?, ?, ?, ?)"
              + " ON CONFLICT DO NOTHING RETURNING id")) {
        insert.setTimestamp(1, Timestamp.from(clock.instant()));
        insert.setLong(2, airlineId);
        insert.setString(3, flight.flightNumber());
        insert.setObject(4, flight.flightDate());
        insert.setTimestamp(5, Timestamp.from(flight.scheduledDeparture()));
        insert.setTimestamp(6, Timestamp.from(flight.scheduledArrival()));
        insert.setInt(7, (int) flight.oneScan().window().toSeconds());
        long id;
        try (ResultSet row = insert.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          id = row.getLong(1);
        }
        insertOneScanLimits(connection, id, flight.oneScan());
        return findFlight(connection, id);
      }
    });
  }

  private static void insertOneScanLimits(Connection connection, long flightId, OneScanPolicy oneScan)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO flight_one_scan_limits (flight_id, currency, max_amount_minor) VALUES (?, ?, ?)")) {
      for (Money max : oneScan.maxAmounts()) {
        insert.setLong(1, flightId);
        insert.setString(2, max.currency().code());
        insert.setLong(3, max.amountMinor());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  public Optional<Flight> findFlight(long id) {
    return database.inTransaction(connection -> findFlight(connection, id));
  }

  /** A flight as lists show it: its code ("9C8881") and date. */
  public record FlightLabel(String flightCode, LocalDate flightDate) {}

  /** The labels of these flights, by flight id; ids with no flight are absent. */
  public static Map<Long, FlightLabel> flightLabels(Connection connection, Collection<Long> flightIds)
      throws SQLException {
    Map<Long, FlightLabel> labels = new HashMap<>();
    if (flightIds.isEmpty()) {
      return labels;
    }
    try (PreparedStatement select = connection.prepareStatement("SELECT f.id, a.code || f.flight_number, f.flight_date"
        + " FROM flights f JOIN airlines a ON a.id = f.airline_id WHERE f.id = ANY(?)")) {
      select.setArray(1, connection.createArrayOf("bigint", flightIds.toArray()));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          labels.put(row.getLong(1), new FlightLabel(row.getString(2), row.getDate(3).toLocalDate()));
        }
      }
    }
    return labels;
  }

  /** The airline that flies the flight. */
  public static long airlineOfFlight(Connection connection, long flightId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT airline_id FROM flights WHERE id = ?")) {
      select.setLong(1, flightId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw new IllegalStateException("no flight " + flightId);
        }
        return row.getLong(1);
      }
    }
  }

  public static Optional<Flight> findFlight(Connection connection, long id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT * FROM flights WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(readFlight(connection, row)) : Optional.empty();
      }
    }
  }

  /** The ids of the airline's flights, newest first, at most {@code limit}. */
  public static List<Long> flightIdsOf(Connection connection, long airlineId, int limit) throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id FROM flights WHERE airline_id = ? ORDER BY id DESC LIMIT ?")) {
      select.setLong(1, airlineId);
      select.setInt(2, limit);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          ids.add(row.getLong(1));
        }
      }
    }
    return ids;
  }

  /** Flights whose scheduled departure is after {@code instant}: those whose bundles still follow changes. */
  public static List<Long> flightsDepartingAfter(Connection connection, Instant instant) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id FROM flights WHERE scheduled_departure > ? ORDER BY id")) {
      select.setTimestamp(1, java.sql.Timestamp.from(instant));
      List<Long> ids = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          ids.add(row.getLong(1));
        }
      }
      return ids;
    }
  }

  /** Which flights a page of the flight list shows: one airline or all, an optional code and date. */
  public record FlightFilter(Optional<Long> airlineId, Optional<String> code, Optional<LocalDate> date) {}

  /** One page of flights, newest first, after the flight {@code startingAfter} when given. */
  public record FlightPage(List<Flight> flights, Map<Long, Airline> airlines, boolean hasMore) {}

  /**
   * A page of at most {@code limit} flights for {@code filter}, ordered by id descending (creation
   * order, stable under inserts), starting after the flight id {@code startingAfter}. The code
   * filter matches the flight code ("9C8881") case-insensitively, in part or whole.
   */
  public FlightPage flightsPage(FlightFilter filter, Optional<Long> startingAfter, int limit) {
    if (limit < 1 || limit > MAX_LISTED) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LISTED + ": " + limit);
    }
    StringBuilder sql = new StringBuilder("SELECT f.* FROM flights f JOIN airlines a ON a.id = f.airline_id WHERE true");
    List<Object> parameters = new ArrayList<>();
    filter.airlineId().ifPresent(id -> {
      sql.append(" AND f.airline_id = ?");
      parameters.add(id);
    });
    filter.code().ifPresent(code -> {
      sql.append(" AND upper(a.code || f.flight_number) LIKE ? ESCAPE '!'");
      parameters.add("%" + code.toUpperCase(java.util.Locale.ROOT).replace("!", "!!").replace("%", "!%")
          .replace("_", "!_") + "%");
    });
    filter.date().ifPresent(date -> {
      sql.append(" AND f.flight_date = ?");
      parameters.add(date);
    });
    startingAfter.ifPresent(id -> {
      sql.append(" AND f.id < ?");
      parameters.add(id);
    });
    sql.append(" ORDER BY f.id DESC LIMIT ").append(limit + 1);
    return database.inTransaction(connection -> {
      List<Flight> flights = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
        for (int i = 0; i < parameters.size(); i++) {
          select.setObject(i + 1, parameters.get(i));
        }
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            flights.add(readFlight(connection, row));
          }
        }
      }
      boolean hasMore = flights.size() > limit;
      List<Flight> page = hasMore ? flights.subList(0, limit) : flights;
      Map<Long, Airline> airlines = new java.util.HashMap<>();
      for (Flight flight : page) {
        if (!airlines.containsKey(flight.airlineId())) {
          find(connection, flight.airlineId()).ifPresent(airline -> airlines.put(airline.id(), airline));
        }
      }
      return new FlightPage(List.copyOf(page), Map.copyOf(airlines), hasMore);
    });
  }

  private static Flight readFlight(Connection connection, ResultSet row) throws SQLException {
    long id = row.getLong("id");
    return new Flight(id, row.getTimestamp("created_at").toInstant(), row.getLong("airline_id"),
        row.getString("flight_number"), row.getObject("flight_date", LocalDate.class),
        row.getTimestamp("scheduled_departure").toInstant(), row.getTimestamp("scheduled_arrival").toInstant(),
        new OneScanPolicy(Duration.ofSeconds(row.getInt("one_scan_window_seconds")), oneScanLimits(connection, id)));
  }

  private static List<Money> oneScanLimits(Connection connection, long flightId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT currency, max_amount_minor FROM flight_one_scan_limits WHERE flight_id = ? LIMIT "
            + OneScanPolicy.MAX_AMOUNTS)) {
      select.setLong(1, flightId);
      List<Money> limits = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          limits.add(Money.of(row.getLong(2), CurrencyUnit.of(row.getString(1))));
        }
      }
      return limits;
    }
  }

  /** Locks the airline's row until the transaction ends: what serialises per-airline bounds. */
  public static void lock(Connection connection, long airlineId) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM airlines WHERE id = ? FOR UPDATE")) {
      lock.setLong(1, airlineId);
      lock.executeQuery().close();
    }
  }
}
