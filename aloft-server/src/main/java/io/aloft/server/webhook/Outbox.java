package io.aloft.server.webhook;

import io.aloft.server.db.BinaryCopy;
import io.aloft.server.http.Json;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Writes events into the outbox in the caller's transaction, so that an event exists exactly when
 * the change it reports committed, and creates a pending delivery for every enabled endpoint that
 * wants it. {@link WebhookWorker} sends them after the commit; a crash in between loses nothing.
 */
public final class Outbox {
  /** Events one transaction may write: the most one upload produces, with room to spare. */
  public static final int MAX_EVENTS_PER_TRANSACTION = 20_000;

  private Outbox() {}

  /**
   * An event to write. {@code airlineId} is whose event it is (its endpoints receive it), empty for
   * one that only the operator's endpoints receive.
   */
  public record Event(EventType type, Optional<Long> airlineId, Object data) {
    public Event {
      if (type == null || airlineId == null || data == null) {
        throw new IllegalArgumentException("an event has a type, an owner (or none) and data");
      }
      if (!type.airlinesReceive() && airlineId.isPresent()) {
        throw new IllegalArgumentException(type.wireName() + " is the operator's only, not airline " + airlineId.get());
      }
    }
  }

  /** The JSON every delivery of an event sends, byte for byte. */
  record Body(long id, String type, String createdAt, Object data) {}

  public static void record(Connection connection, Event event, Instant now) throws SQLException {
    recordAll(connection, List.of(event), now);
  }

  public static void recordAll(Connection connection, List<Event> events, Instant now) throws SQLException {
    if (events.isEmpty()) {
      return;
    }
    if (events.size() > MAX_EVENTS_PER_TRANSACTION) {
      throw new IllegalArgumentException("at most " + MAX_EVENTS_PER_TRANSACTION + " events per transaction, got "
          + events.size());
    }
    // The body and the row say the same time: PostgreSQL keeps microseconds.
    Instant at = now.truncatedTo(ChronoUnit.MICROS);
    long[] ids = nextIds(connection, events.size());
    // One binary COPY for all of them: settlement writes an event per settled payment, and a COPY
    // costs PostgreSQL no statement per row.
    BinaryCopy copy = new BinaryCopy("webhook_events", "id, type, airline_id, created_at, body", events.size());
    for (int i = 0; i < events.size(); i++) {
      Event event = events.get(i);
      copy.row().add(ids[i]).add(event.type().wireName());
      if (event.airlineId().isPresent()) {
        copy.add(event.airlineId().get());
      } else {
        copy.addNull();
      }
      copy.add(at).add(Json.write(new Body(ids[i], event.type().wireName(), at.toString(), event.data())));
    }
    copy.execute(connection);
    fanOut(connection, ids, at);
  }

  private static long[] nextIds(Connection connection, int count) throws SQLException {
    long[] ids = new long[count];
    try (PreparedStatement next = connection.prepareStatement(
        "SELECT nextval('webhook_events_id_seq') FROM generate_series(1, ?)")) {
      next.setInt(1, count);
      try (ResultSet row = next.executeQuery()) {
        for (int i = 0; i < count; i++) {
          if (!row.next()) {
            throw new IllegalStateException("the sequence gave fewer than " + count + " ids");
          }
          ids[i] = row.getLong(1);
        }
      }
    }
    java.util.Arrays.sort(ids);
    return ids;
  }

  /** One pending delivery per event and enabled endpoint that wants it: the operator's, and the event's airline's. */
  private static void fanOut(Connection connection, long[] ids, Instant now) throws SQLException {
    List<Long> boxed = new ArrayList<>(ids.length);
    for (long id : ids) {
      boxed.add(id);
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO webhook_deliveries (event_id, endpoint_id, status, next_attempt_at)"
            + " SELECT e.id, w.id, 'pending', ? FROM webhook_events e JOIN webhook_endpoints w"
            + " ON w.disabled_at IS NULL AND e.type = ANY(w.event_types)"
            + " AND (w.airline_id IS NULL OR w.airline_id = e.airline_id)"
            + " WHERE e.id = ANY(?) ON CONFLICT DO NOTHING")) {
      insert.setTimestamp(1, Timestamp.from(now));
      insert.setArray(2, connection.createArrayOf("bigint", boxed.toArray()));
      insert.executeUpdate();
    }
  }
}
