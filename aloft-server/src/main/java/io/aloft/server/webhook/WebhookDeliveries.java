package io.aloft.server.webhook;

import io.aloft.server.db.Database;
import io.aloft.server.http.PageRequest;
import io.aloft.server.http.PageRequest.Page;
import io.aloft.server.webhook.WebhookEndpoints.Endpoint;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What became of the events: the events an owner may see, the delivery log of its endpoints, and
 * redelivery. An owner is an airline ({@code airlineId}) or the operator (empty), as in
 * {@link WebhookEndpoints}.
 */
public final class WebhookDeliveries {
  /** Attempts kept per delivery in the log; older ones are dropped. */
  public static final int MAX_LOGGED_ATTEMPTS = 50;

  private final Database database;
  private final Clock clock;

  public WebhookDeliveries(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** An event as stored: its JSON body is what deliveries send. */
  public record StoredEvent(long id, EventType type, Optional<Long> airlineId, Instant createdAt, byte[] body) {
    public StoredEvent {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /** Events the owner's endpoints may receive, newest first: an airline's own, or every one for the operator. */
  public Page<StoredEvent> events(Optional<Long> airlineId, PageRequest request) {
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT id, type, airline_id, created_at, body"
          + " FROM webhook_events WHERE (? OR airline_id = ?) AND id < ? ORDER BY id DESC LIMIT ?")) {
        select.setBoolean(1, airlineId.isEmpty());
        select.setLong(2, airlineId.orElse(0L));
        select.setLong(3, request.startingAfter().orElse(Long.MAX_VALUE));
        select.setInt(4, request.limit() + 1);
        List<StoredEvent> rows = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            long airline = row.getLong(3);
            rows.add(new StoredEvent(row.getLong(1), EventType.byWireName(row.getString(2)).orElseThrow(),
                row.wasNull() ? Optional.empty() : Optional.of(airline), row.getTimestamp(4).toInstant(),
                row.getBytes(5)));
          }
        }
        return WebhookEndpoints.page(rows, request);
      }
    });
  }

  /** One attempt of a delivery: the receiver's status code, or why there was none. */
  public record Attempt(Instant at, Optional<Integer> statusCode, Optional<String> error, long durationMs) {}

  /** A delivery of one event to one endpoint, with its latest attempts (oldest first). */
  public record Delivery(long id, long eventId, EventType eventType, long endpointId, String status, int attempts,
      Optional<Instant> nextAttemptAt, Optional<Instant> deliveredAt, List<Attempt> log) {}

  private static final String DELIVERY = "SELECT d.id, d.event_id, e.type, d.endpoint_id, d.status, d.attempts,"
      + " d.next_attempt_at, d.delivered_at FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id";

  /** The deliveries of the owner's endpoint, newest first; empty when the owner has no such endpoint. */
  public Optional<Page<Delivery>> deliveries(Optional<Long> airlineId, long endpointId, PageRequest request) {
    return database.inTransaction(connection -> {
      if (WebhookEndpoints.find(connection, endpointId).filter(e -> e.airlineId().equals(airlineId)).isEmpty()) {
        return Optional.<Page<Delivery>>empty();
      }
      List<Delivery> rows = new ArrayList<>();
      try (PreparedStatement select = connection.prepareStatement(DELIVERY
          + " WHERE d.endpoint_id = ? AND d.id < ? ORDER BY d.id DESC LIMIT ?")) {
        select.setLong(1, endpointId);
        select.setLong(2, request.startingAfter().orElse(Long.MAX_VALUE));
        select.setInt(3, request.limit() + 1);
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            rows.add(delivery(row, List.of()));
          }
        }
      }
      Page<Delivery> page = WebhookEndpoints.page(rows, request);
      List<Delivery> withLogs = new ArrayList<>();
      for (Delivery delivery : page.data()) {
        withLogs.add(withLog(delivery, attempts(connection, delivery.id())));
      }
      return Optional.of(new Page<>(withLogs, page.hasMore()));
    });
  }

  private static Delivery delivery(ResultSet row, List<Attempt> log) throws SQLException {
    String status = row.getString(5);
    return new Delivery(row.getLong(1), row.getLong(2), EventType.byWireName(row.getString(3)).orElseThrow(),
        row.getLong(4), status, row.getInt(6),
        status.equals("pending") ? Optional.of(row.getTimestamp(7).toInstant()) : Optional.empty(),
        Optional.ofNullable(row.getTimestamp(8)).map(Timestamp::toInstant), log);
  }

  private static Delivery withLog(Delivery d, List<Attempt> log) {
    return new Delivery(d.id(), d.eventId(), d.eventType(), d.endpointId(), d.status(), d.attempts(),
        d.nextAttemptAt(), d.deliveredAt(), log);
  }

  private static List<Attempt> attempts(Connection connection, long deliveryId) throws SQLException {
    List<Attempt> attempts = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement("SELECT attempted_at, status_code, error,"
        + " duration_ms FROM webhook_attempts WHERE delivery_id = ? ORDER BY id")) {
      select.setLong(1, deliveryId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          int code = row.getInt(2);
          Optional<Integer> statusCode = row.wasNull() ? Optional.empty() : Optional.of(code);
          attempts.add(new Attempt(row.getTimestamp(1).toInstant(), statusCode, Optional.ofNullable(row.getString(3)),
              row.getLong(4)));
        }
      }
    }
    return attempts;
  }

  /** What asking to deliver an event again did. */
  public sealed interface Redelivery {
    /** Due now, with a fresh count of attempts. */
    record Scheduled(Delivery delivery) implements Redelivery {}

    record NoSuchEndpoint() implements Redelivery {}

    record EndpointDisabled() implements Redelivery {}

    /** No event with this id that the endpoint's owner may see. */
    record NoSuchEvent() implements Redelivery {}

    /** The endpoint does not take events of this type. */
    record NotSubscribed(EventType type) implements Redelivery {}

    /** Its delivery is still under way (pending); it needs no push. */
    record StillPending(Delivery delivery) implements Redelivery {}
  }

  /**
   * Delivers the event to the owner's endpoint again: its delivery, whatever became of it, is due
   * now with a fresh count of attempts; an event from before the endpoint existed gets a delivery.
   */
  public Redelivery redeliver(Optional<Long> airlineId, long endpointId, long eventId) {
    return database.inTransaction(connection -> {
      Optional<Endpoint> endpoint = WebhookEndpoints.find(connection, endpointId)
          .filter(e -> e.airlineId().equals(airlineId));
      if (endpoint.isEmpty()) {
        return new Redelivery.NoSuchEndpoint();
      }
      if (!endpoint.get().enabled()) {
        return new Redelivery.EndpointDisabled();
      }
      Optional<EventType> type = visibleEvent(connection, airlineId, eventId);
      if (type.isEmpty()) {
        return new Redelivery.NoSuchEvent();
      }
      if (!endpoint.get().events().contains(type.get())) {
        return new Redelivery.NotSubscribed(type.get());
      }
      Optional<Delivery> current = delivery(connection, endpointId, eventId);
      if (current.isPresent() && current.get().status().equals("pending")) {
        return new Redelivery.StillPending(current.get());
      }
      try (PreparedStatement upsert = connection.prepareStatement(
          "INSERT INTO webhook_deliveries (event_id, endpoint_id, status, next_attempt_at) VALUES (?, ?, 'pending', ?)"
              + " ON CONFLICT (event_id, endpoint_id) DO UPDATE SET status = 'pending', attempts = 0,"
              + " next_attempt_at = excluded.next_attempt_at, delivered_at = NULL")) {
        upsert.setLong(1, eventId);
        upsert.setLong(2, endpointId);
        upsert.setTimestamp(3, Timestamp.from(clock.instant()));
        upsert.executeUpdate();
      }
      return new Redelivery.Scheduled(delivery(connection, endpointId, eventId).orElseThrow());
    });
  }

  private static Optional<EventType> visibleEvent(Connection connection, Optional<Long> airlineId, long eventId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT type FROM webhook_events WHERE id = ? AND (? OR airline_id = ?)")) {
      select.setLong(1, eventId);
      select.setBoolean(2, airlineId.isEmpty());
      select.setLong(3, airlineId.orElse(0L));
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? EventType.byWireName(row.getString(1)) : Optional.empty();
      }
    }
  }

  private static Optional<Delivery> delivery(Connection connection, long endpointId, long eventId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(DELIVERY
        + " WHERE d.endpoint_id = ? AND d.event_id = ?")) {
      select.setLong(1, endpointId);
      select.setLong(2, eventId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        Delivery delivery = delivery(row, List.of());
        return Optional.of(withLog(delivery, attempts(connection, delivery.id())));
      }
    }
  }
}
