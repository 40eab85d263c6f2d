package io.aloft.server.webhook;

import io.aloft.server.db.Database;
import io.aloft.server.http.PageRequest.Page;
import io.aloft.server.http.PageRequest;
import io.aloft.server.http.Secrets;
import io.aloft.server.webhook.internal.WebhookUrls;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Webhook endpoints: registering, listing and disabling them. An owner is an airline
 * ({@code airlineId}) or the operator (empty). This package is the only one that names the
 * {@code webhook_*} tables: {@link Outbox} writes events, {@link WebhookDeliveries} reads them and
 * the delivery log, {@link WebhookWorker} sends them.
 */
public final class WebhookEndpoints {
  /** Enabled endpoints one owner may have. */
  public static final int MAX_ENABLED_PER_OWNER = 10;
  /** Endpoints one owner may have registered in all, disabled ones included. */
  public static final int MAX_PER_OWNER = 100;
  public static final int MAX_DESCRIPTION = 200;

  private final Database database;
  private final Clock clock;
  private final SecureRandom random;

  public WebhookEndpoints(Database database, Clock clock, SecureRandom random) {
    this.database = database;
    this.clock = clock;
    this.random = random;
  }

  public record Endpoint(long id, Optional<Long> airlineId, String url, List<EventType> events,
      Optional<String> description, Instant createdAt, String createdBy, Optional<Instant> disabledAt) {
    public boolean enabled() {
      return disabledAt.isEmpty();
    }
  }

  /** What an owner asks to register: already checked ({@link WebhookUrls}, known event types). */
  public record Registration(Optional<Long> airlineId, String url, Set<EventType> events,
      Optional<String> description, String actor) {
    public Registration {
      if (events.isEmpty() || airlineId.isPresent() && events.stream().anyMatch(e -> !e.airlinesReceive())) {
        throw new IllegalArgumentException("an endpoint takes at least one event its owner may receive: " + events);
      }
      if (url.isEmpty() || url.length() > WebhookUrls.MAX_URL_LENGTH) {
        throw new IllegalArgumentException("url must be 1.." + WebhookUrls.MAX_URL_LENGTH + " characters");
      }
    }
  }

  public sealed interface Created {
    /** {@code signingSecret} is shown this once. */
    record Done(Endpoint endpoint, String signingSecret) implements Created {}

    record OverLimit(int limit, boolean enabledOnes) implements Created {}
  }

  public Created create(Registration registration) {
    return database.inTransaction(connection -> {
      lockOwner(connection, registration.airlineId());
      int all = count(connection, registration.airlineId(), false);
      int enabled = count(connection, registration.airlineId(), true);
      if (enabled >= MAX_ENABLED_PER_OWNER) {
        return new Created.OverLimit(MAX_ENABLED_PER_OWNER, true);
      }
      if (all >= MAX_PER_OWNER) {
        return new Created.OverLimit(MAX_PER_OWNER, false);
      }
      String secret = Secrets.newToken("whsec", random);
      long id = insert(connection, registration, secret, clock.instant());
      return new Created.Done(find(connection, id).orElseThrow(), secret);
    });
  }

  /** Serialises registrations of one owner, so that two at once cannot pass the limits together. */
  private static void lockOwner(Connection connection, Optional<Long> airlineId) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement(
        "SELECT pg_advisory_xact_lock(hashtext('webhook-endpoints'), ?)")) {
      // Airline ids beyond 2^31 share a lock with another owner: harmless, it only serialises more.
      lock.setInt(1, (int) (long) airlineId.orElse(0L));
      lock.executeQuery().close();
    }
  }

  private static int count(Connection connection, Optional<Long> airlineId, boolean enabledOnly) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM webhook_endpoints WHERE "
        + OWNER + (enabledOnly ? " AND disabled_at IS NULL" : ""))) {
      bindOwner(select, 1, airlineId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  private static final String OWNER = "airline_id IS NOT DISTINCT FROM ?";

  private static void bindOwner(PreparedStatement statement, int index, Optional<Long> airlineId) throws SQLException {
    if (airlineId.isPresent()) {
      statement.setLong(index, airlineId.get());
    } else {
      statement.setNull(index, Types.BIGINT);
    }
  }

  private static long insert(Connection connection, Registration registration, String secret, Instant now)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO webhook_endpoints (airline_id, url, event_types, description, signing_secret, created_at,"
            + " created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      bindOwner(insert, 1, registration.airlineId());
      insert.setString(2, registration.url());
      insert.setArray(3, connection.createArrayOf("text",
          registration.events().stream().sorted().map(EventType::wireName).toArray()));
      insert.setString(4, registration.description().orElse(null));
      insert.setString(5, secret);
      insert.setTimestamp(6, Timestamp.from(now));
      insert.setString(7, registration.actor());
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** The owner's endpoint with this id; another owner's is as absent as a missing one. */
  public Optional<Endpoint> find(Optional<Long> airlineId, long id) {
    return database.inTransaction(connection -> find(connection, id))
        .filter(endpoint -> endpoint.airlineId().equals(airlineId));
  }

  private static final String ENDPOINT = "SELECT id, airline_id, url, event_types, description, created_at,"
      + " created_by, disabled_at FROM webhook_endpoints";

  static Optional<Endpoint> find(Connection connection, long id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(ENDPOINT + " WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(endpoint(row)) : Optional.empty();
      }
    }
  }

  private static Endpoint endpoint(ResultSet row) throws SQLException {
    long airline = row.getLong(2);
    Optional<Long> airlineId = row.wasNull() ? Optional.empty() : Optional.of(airline);
    List<EventType> events = Arrays.stream((String[]) row.getArray(4).getArray())
        .map(name -> EventType.byWireName(name).orElseThrow(() -> new IllegalStateException("stored event " + name)))
        .toList();
    return new Endpoint(row.getLong(1), airlineId, row.getString(3), events, Optional.ofNullable(row.getString(5)),
        row.getTimestamp(6).toInstant(), row.getString(7),
        Optional.ofNullable(row.getTimestamp(8)).map(Timestamp::toInstant));
  }

  /** The owner's endpoints, newest first, those with an id below {@code startingAfter}. */
  public Page<Endpoint> list(Optional<Long> airlineId, PageRequest request) {
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(ENDPOINT + " WHERE " + OWNER
          + " AND id < ? ORDER BY id DESC LIMIT ?")) {
        bindOwner(select, 1, airlineId);
        select.setLong(2, request.startingAfter().orElse(Long.MAX_VALUE));
        select.setInt(3, request.limit() + 1);
        List<Endpoint> rows = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            rows.add(endpoint(row));
          }
        }
        return page(rows, request);
      }
    });
  }

  /** The page of {@code rows}, read with one row more than the page holds to know whether more follow. */
  static <T> Page<T> page(List<T> rows, PageRequest request) {
    boolean more = rows.size() > request.limit();
    return new Page<>(more ? rows.subList(0, request.limit()) : rows, more);
  }

  /**
   * Disables the owner's endpoint: it gets no new events, and its pending deliveries are
   * cancelled. Disabling a disabled endpoint changes nothing. Empty when the owner has no such endpoint.
   */
  public Optional<Endpoint> disable(Optional<Long> airlineId, long id) {
    return database.inTransaction(connection -> {
      Optional<Endpoint> found = find(connection, id).filter(e -> e.airlineId().equals(airlineId));
      if (found.isEmpty() || !found.get().enabled()) {
        return found;
      }
      Instant now = clock.instant();
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE webhook_endpoints SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL")) {
        update.setTimestamp(1, Timestamp.from(now));
        update.setLong(2, id);
        update.executeUpdate();
      }
      try (PreparedStatement cancel = connection.prepareStatement(
          "UPDATE webhook_deliveries SET status = 'cancelled' WHERE endpoint_id = ? AND status = 'pending'")) {
        cancel.setLong(1, id);
        cancel.executeUpdate();
      }
      return find(connection, id);
    });
  }
}
