package io.aloft.server.http;

import io.aloft.server.db.Database;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Idempotency-Key handling for POSTs that create or change something, stored in PostgreSQL.
 *
 * <p>The first request with a key reserves it (a row with no response yet), runs, and records
 * its response; a replay with the same body gets that response again, byte for byte. The same
 * key with a different body is a 409, as is a replay that arrives while the first one still runs.
 * A key is scoped to its caller and endpoint (caller, method, path, key): the same string sent by
 * another caller, or to another endpoint, is another key, so nobody can squat on a key that a
 * terminal or wallet is about to use. A request that fails with a 5xx
 * releases its key so that the client's retry can run. Records are kept for
 * {@link HttpLimits#idempotencyMaxAge} (7 days by default, at least a day) and then pruned by
 * {@link IdempotencyPruning}; a request with a key older than that runs as a new one.
 *
 * <p>A request that dies with its server (a crash, a kill, a lost database session) cannot release
 * its key. Such a reservation is abandoned once it is {@link #ABANDONED_AFTER} old (no live request
 * gets near that age: every statement is cut at 15 s, settlement retries a transaction at most 4
 * times). What a retry then gets depends on whether running the action again is safe:
 * <ul>
 *   <li>device uploads ({@link #runBinary}) are idempotent by their content — batch id and digest,
 *       one payment per (serial, counter) — so a retry with the same body takes the reservation
 *       over and runs;</li>
 *   <li>for the JSON operations ({@link #run}) the effect and the stored response are separate
 *       transactions, so whether the dead request took effect is unknown: the retry gets
 *       409 {@code idempotency-abandoned}, telling the client to look before it retries with a new key.</li>
 * </ul>
 * Without the take-over, a server killed mid-upload would leave the reservation for ever, and a
 * terminal's retries would get 409 {@code idempotency-in-progress} for ever (the flight
 * simulator's server kills reach that moment).
 */
public final class Idempotency {
  public static final String HEADER = "Idempotency-Key";
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_.:\\-]{1,128}");
  /** After this, a reservation without a response belongs to a request that died; a retry takes it over. */
  public static final Duration ABANDONED_AFTER = Duration.ofMinutes(5);

  private final Database database;
  private final Clock clock;

  public Idempotency(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** A stored or fresh response. */
  public record Stored(int status, String contentType, byte[] body) {
    public Stored {
      body = body.clone();
    }

    @Override
    public byte[] body() {
      return body.clone();
    }
  }

  /**
   * Runs {@code action} at most once per (caller, key) and writes its response. Without the
   * header the action simply runs.
   */
  public void run(Context ctx, Principal principal, Supplier<Reply> action) {
    runStored(ctx, principal, ctx.bodyAsBytes(), false, () -> render(ctx, action));
  }

  /**
   * The same for an endpoint that answers in bytes of its own media type (device uploads), whose
   * body the handler has already read within its own bound. An expected problem thrown by
   * {@code action} is stored as JSON like any other.
   */
  public void runBinary(Context ctx, Principal principal, byte[] body, Supplier<Stored> action) {
    runStored(ctx, principal, body, true, () -> {
      try {
        return action.get();
      } catch (ApiProblem problem) {
        if (problem.status() >= 500) {
          throw problem;
        }
        return new Stored(problem.status(), "application/problem+json", Json.write(problem.body(ctx.path())));
      }
    });
  }

  private void runStored(Context ctx, Principal principal, byte[] body, boolean rerunIsSafe, Supplier<Stored> action) {
    String key = ctx.header(HEADER);
    if (key == null) {
      write(ctx, action.get());
      return;
    }
    if (!KEY.matcher(key).matches()) {
      throw ApiProblem.invalidRequest("Idempotency-Key must be 1 to 128 characters of A-Z a-z 0-9 _ . : -");
    }
    boolean[] ran = {false};
    Stored stored = once(new Scope(principal.name(), ctx.method().name(), ctx.path(), key), body, rerunIsSafe, () -> {
      ran[0] = true;
      return action.get();
    });
    if (!ran[0]) {
      ctx.attribute(ApiAudit.REPLAYED, Boolean.TRUE);
    }
    write(ctx, stored);
  }

  /**
   * The same guarantee for a caller that is not a JSON endpoint: a console form carries its key in
   * a hidden field and describes its request in {@code request} (its fields, without the CSRF
   * token). The action runs at most once per (caller, method, path, key); a second submit of the
   * same form gets the first result back. A key reused with another request, or sent again while
   * the first still runs or after it died, is refused with the same 409 problems as the API's.
   */
  public Stored once(Principal principal, String method, String path, String key, byte[] request,
      Supplier<Stored> action) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw ApiProblem.invalidRequest("Idempotency-Key must be 1 to 128 characters of A-Z a-z 0-9 _ . : -");
    }
    return once(new Scope(principal.name(), method, path, key), request, false, action);
  }

  private Stored once(Scope scope, byte[] body, boolean rerunIsSafe, Supplier<Stored> action) {
    byte[] requestHash = requestHash(scope.method(), scope.path(), body);
    Optional<Stored> earlier = reserve(scope, requestHash, rerunIsSafe);
    if (earlier.isPresent()) {
      return earlier.get();
    }
    Stored fresh;
    try {
      fresh = action.get();
    } catch (RuntimeException | Error e) {
      release(scope);
      throw e;
    }
    if (fresh.status() >= 500) {
      release(scope);
    } else {
      complete(scope, fresh);
    }
    return fresh;
  }

  /** Runs the action; an expected problem becomes a stored response too, so replays see it. */
  private static Stored render(Context ctx, Supplier<Reply> action) {
    try {
      Reply reply = action.get();
      return new Stored(reply.status(), "application/json", Json.write(reply.body()));
    } catch (ApiProblem problem) {
      if (problem.status() >= 500) {
        throw problem;
      }
      return new Stored(problem.status(), "application/problem+json", Json.write(problem.body(ctx.path())));
    }
  }

  private static void write(Context ctx, Stored stored) {
    ctx.status(stored.status()).contentType(stored.contentType()).result(stored.body());
  }

  private static byte[] requestHash(String method, String path, byte[] body) {
    byte[] head = (method + " " + path + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] all = Arrays.copyOf(head, head.length + body.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    return Secrets.sha256(all);
  }

  /** What a stored key belongs to. */
  private record Scope(String principal, String method, String path, String key) {
    /** Binds principal, method, path and key from parameter {@code first} on. */
    void bind(PreparedStatement statement, int first) throws SQLException {
      statement.setString(first, principal);
      statement.setString(first + 1, method);
      statement.setString(first + 2, path);
      statement.setString(first + 3, key);
    }
  }

  private static final String WHERE_SCOPE = " principal = ? AND method = ? AND path = ? AND idempotency_key = ?";

  private Optional<Stored> reserve(Scope scope, byte[] requestHash, boolean rerunIsSafe) {
    return database.inTransaction(connection -> {
      // One reading of the clock: a reservation that takeOver finds too young is not "abandoned" below.
      Instant now = clock.instant();
      if (insert(connection, scope, requestHash, now)
          || rerunIsSafe && takeOver(connection, scope, requestHash, now)) {
        return Optional.empty();
      }
      return Optional.of(existing(connection, scope, requestHash, now.minus(ABANDONED_AFTER)));
    });
  }

  private static boolean insert(Connection connection, Scope scope, byte[] requestHash, Instant now)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO idempotency_records (principal, method, path, idempotency_key, created_at, request_hash)"
            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      scope.bind(insert, 1);
      insert.setTimestamp(5, Timestamp.from(now));
      insert.setBytes(6, requestHash);
      return insert.executeUpdate() == 1;
    }
  }

  /** Re-reserves an abandoned reservation of the same request: its first run died with its server. */
  private static boolean takeOver(Connection connection, Scope scope, byte[] requestHash, Instant now)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE idempotency_records SET created_at = ? WHERE" + WHERE_SCOPE
            + " AND response_status IS NULL AND request_hash = ? AND created_at < ?")) {
      update.setTimestamp(1, Timestamp.from(now));
      scope.bind(update, 2);
      update.setBytes(6, requestHash);
      update.setTimestamp(7, Timestamp.from(now.minus(ABANDONED_AFTER)));
      return update.executeUpdate() == 1;
    }
  }

  private static Stored existing(Connection connection, Scope scope, byte[] requestHash, Instant abandonedBefore)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT request_hash, response_status, response_type, response_body, created_at FROM idempotency_records"
            + " WHERE" + WHERE_SCOPE)) {
      scope.bind(select, 1);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          throw ApiProblem.of(409, "idempotency-in-progress", "A request with this key is still running",
              "Retry shortly.");
        }
        if (!Arrays.equals(row.getBytes("request_hash"), requestHash)) {
          throw ApiProblem.of(409, "idempotency-key-reused", "Idempotency-Key reused with a different request",
              "This Idempotency-Key was first used on this endpoint with a different body; use a new key.");
        }
        if (row.getObject("response_status") == null) {
          if (row.getTimestamp("created_at").toInstant().isBefore(abandonedBefore)) {
            throw ApiProblem.of(409, "idempotency-abandoned",
                "The first request with this key stopped without an answer", "It may or may not have taken effect."
                    + " Check the resource, then retry with a new Idempotency-Key if needed.");
          }
          throw ApiProblem.of(409, "idempotency-in-progress", "A request with this key is still running",
              "Retry shortly.");
        }
        return new Stored(row.getInt("response_status"), row.getString("response_type"), row.getBytes("response_body"));
      }
    }
  }

  private void complete(Scope scope, Stored stored) {
    database.inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE idempotency_records SET response_status = ?, response_type = ?, response_body = ?"
              + " WHERE" + WHERE_SCOPE)) {
        update.setInt(1, stored.status());
        update.setString(2, stored.contentType());
        update.setBytes(3, stored.body());
        scope.bind(update, 4);
        return update.executeUpdate();
      }
    });
  }

  /**
   * Deletes records created before {@code cutoff}, oldest first, {@code batchSize} per transaction
   * and at most {@code maxBatches} transactions, so that no lock is held for long and one run is
   * bounded; returns how many went. Rows another transaction holds are skipped, not waited for
   * (two servers pruning at once share the work), and go in a later run.
   */
  public long prune(Instant cutoff, int batchSize, int maxBatches) {
    if (batchSize < 1 || batchSize > 100_000 || maxBatches < 1) {
      throw new IllegalArgumentException("batchSize must be 1..100000 and maxBatches at least 1, got " + batchSize
          + " and " + maxBatches);
    }
    long pruned = 0;
    for (int batch = 0; batch < maxBatches; batch++) {
      int deleted = database.inTransaction(connection -> {
        try (PreparedStatement delete = connection.prepareStatement(
            "DELETE FROM idempotency_records WHERE ctid = ANY(ARRAY(SELECT ctid FROM idempotency_records"
                + " WHERE created_at < ? ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED))")) {
          delete.setTimestamp(1, Timestamp.from(cutoff));
          delete.setInt(2, batchSize);
          return delete.executeUpdate();
        }
      });
      pruned += deleted;
      if (deleted < batchSize) {
        break;
      }
    }
    return pruned;
  }

  private void release(Scope scope) {
    database.inTransaction(connection -> {
      try (PreparedStatement delete = connection.prepareStatement(
          "DELETE FROM idempotency_records WHERE" + WHERE_SCOPE + " AND response_status IS NULL")) {
        scope.bind(delete, 1);
        return delete.executeUpdate();
      }
    });
  }
}
