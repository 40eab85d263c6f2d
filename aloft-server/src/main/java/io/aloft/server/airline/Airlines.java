package io.aloft.server.airline;

import io.aloft.protocol.money.CurrencyUnit;
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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
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
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(new Airline(row.getLong("id"), row.getTimestamp("created_at").toInstant(),
            row.getString("code"), row.getString("name"), CurrencyUnit.of(row.getString("currency"))));
      }
    }
  }

  /** What a new flight needs; times are checked by the caller. */
  public record NewFlight(String flightNumber, LocalDate flightDate, java.time.Instant scheduledDeparture,
      java.time.Instant scheduledArrival) {}

  /** Empty when the airline already has this flight number on this date. */
  public Optional<Flight> createFlight(long airlineId, NewFlight flight) {
    return database.inTransaction(connection -> {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO flights (created_at, airline_id, flight_number, flight_date, scheduled_departure,"
              + " scheduled_arrival) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id")) {
        insert.setTimestamp(1, Timestamp.from(clock.instant()));
        insert.setLong(2, airlineId);
        insert.setString(3, flight.flightNumber());
        insert.setObject(4, flight.flightDate());
        insert.setTimestamp(5, Timestamp.from(flight.scheduledDeparture()));
        insert.setTimestamp(6, Timestamp.from(flight.scheduledArrival()));
        try (ResultSet row = insert.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          return findFlight(connection, row.getLong(1));
        }
      }
    });
  }

  public Optional<Flight> findFlight(long id) {
    return database.inTransaction(connection -> findFlight(connection, id));
  }

  public static Optional<Flight> findFlight(Connection connection, long id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT * FROM flights WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(readFlight(row)) : Optional.empty();
      }
    }
  }

  public List<Flight> flightsOf(long airlineId) {
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT * FROM flights WHERE airline_id = ? ORDER BY scheduled_departure DESC, id DESC LIMIT " + MAX_LISTED)) {
        select.setLong(1, airlineId);
        List<Flight> flights = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            flights.add(readFlight(row));
          }
        }
        return flights;
      }
    });
  }

  private static Flight readFlight(ResultSet row) throws SQLException {
    return new Flight(row.getLong("id"), row.getTimestamp("created_at").toInstant(), row.getLong("airline_id"),
        row.getString("flight_number"), row.getObject("flight_date", LocalDate.class),
        row.getTimestamp("scheduled_departure").toInstant(), row.getTimestamp("scheduled_arrival").toInstant());
  }
}
