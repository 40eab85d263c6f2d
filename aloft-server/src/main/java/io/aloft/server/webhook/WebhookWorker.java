package io.aloft.server.webhook;

import io.aloft.server.db.Database;
import io.aloft.server.webhook.internal.WebhookSignature;
import io.aloft.server.webhook.internal.WebhookUrls;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox's pending deliveries, at least once each, from a background thread of the server.
 *
 * <p>Each round claims the due deliveries with {@code FOR UPDATE SKIP LOCKED} and, in the same
 * statement, counts the attempt and moves the delivery's due time past the attempt's deadline
 * ({@link WebhookPolicy#lease()}); it then commits and sends outside any transaction. Two servers
 * on one database therefore never claim the same delivery at once, and a server that dies
 * mid-attempt leaves the delivery to be claimed again once its lease ends (the receiver may then
 * see it twice: at least once, not exactly once). An answer in 2xx delivers it; anything else is
 * tried again after {@link WebhookPolicy#retryAfter}, until {@link WebhookPolicy#maxAttempts},
 * then it is {@code failed}. Every attempt is logged with its time, status code or error, and duration.
 *
 * <p>Known limit: deliveries carry no order between them, and one slow receiver holds a sender
 * thread for up to its timeout.
 */
public final class WebhookWorker implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WebhookWorker.class);
  private static final int MAX_ERROR = 300;

  private final Database database;
  private final WebhookPolicy policy;
  private final Clock clock;
  private final RandomGenerator random;
  private final HttpClient client;
  private final ExecutorService senders;
  private final Thread loop;
  private final Object wake = new Object();
  private volatile boolean running = true;

  public WebhookWorker(Database database, WebhookPolicy policy, Clock clock, RandomGenerator random) {
    this.database = database;
    this.policy = policy;
    this.clock = clock;
    this.random = random;
    this.senders = Executors.newFixedThreadPool(policy.senders(), runnable -> {
      Thread thread = new Thread(runnable, "aloft-webhook-sender");
      thread.setDaemon(true);
      return thread;
    });
    this.client = HttpClient.newBuilder()
        .connectTimeout(policy.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1)
        .build();
    this.loop = new Thread(this::run, "aloft-webhook-worker");
    this.loop.setDaemon(true);
  }

  public void start() {
    loop.start();
  }

  private void run() {
    while (running) {
      int claimed = 0;
      try {
        claimed = round();
      } catch (RuntimeException e) {
        if (running) {
          LOG.warn("webhook delivery round failed; trying again", e);
        }
      }
      if (claimed < policy.senders() && running) {
        synchronized (wake) {
          try {
            wake.wait(policy.pollInterval().toMillis());
          } catch (InterruptedException e) {
            return;
          }
        }
      }
    }
  }

  /** A delivery claimed for one attempt: {@code attempt} is its number, and the token the result is written under. */
  record Claimed(long id, int attempt, boolean airline, String url, String secret, byte[] body) {}

  /** One round: claims up to one delivery per sender and sends them; returns how many it claimed. */
  int round() {
    List<Claimed> claimed = claim(policy.senders());
    List<Future<?>> sent = new ArrayList<>();
    for (Claimed delivery : claimed) {
      sent.add(senders.submit(() -> deliver(delivery)));
    }
    for (Future<?> future : sent) {
      try {
        future.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return claimed.size();
      } catch (java.util.concurrent.ExecutionException e) {
        LOG.error("webhook delivery failed unexpectedly", e.getCause());
      }
    }
    return claimed.size();
  }

  private List<Claimed> claim(int limit) {
    Instant now = clock.instant();
    return database.inTransaction(connection -> {
      List<Claimed> claimed = new ArrayList<>();
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE webhook_deliveries d SET attempts = d.attempts + 1, next_attempt_at = ?, last_attempt_at = ?"
              + " FROM (SELECT d2.id FROM webhook_deliveries d2 JOIN webhook_endpoints w ON w.id = d2.endpoint_id"
              + " WHERE d2.status = 'pending' AND d2.next_attempt_at <= ? AND w.disabled_at IS NULL"
              + " ORDER BY d2.next_attempt_at LIMIT ? FOR UPDATE OF d2 SKIP LOCKED) due, webhook_endpoints w,"
              + " webhook_events e"
              + " WHERE d.id = due.id AND w.id = d.endpoint_id AND e.id = d.event_id"
              + " RETURNING d.id, d.attempts, w.airline_id IS NOT NULL, w.url, w.signing_secret, e.body")) {
        update.setTimestamp(1, Timestamp.from(now.plus(policy.lease())));
        update.setTimestamp(2, Timestamp.from(now));
        update.setTimestamp(3, Timestamp.from(now));
        update.setInt(4, limit);
        try (ResultSet row = update.executeQuery()) {
          while (row.next()) {
            claimed.add(new Claimed(row.getLong(1), row.getInt(2), row.getBoolean(3), row.getString(4),
                row.getString(5), row.getBytes(6)));
          }
        }
      }
      return claimed;
    });
  }

  /** What one attempt came to. */
  record Answer(Optional<Integer> statusCode, Optional<String> error, long durationMs) {
    boolean delivered() {
      return statusCode.isPresent() && statusCode.get() >= 200 && statusCode.get() < 300;
    }
  }

  private void deliver(Claimed delivery) {
    Instant at = clock.instant();
    Answer answer = send(delivery, at);
    try {
      database.inTransaction(connection -> {
        record(connection, delivery, at, answer);
        return null;
      });
    } catch (RuntimeException e) {
      // The lease ends and another round tries again: at least once.
      LOG.warn("could not record webhook delivery {} attempt {}", delivery.id(), delivery.attempt(), e);
    }
  }

  private Answer send(Claimed delivery, Instant at) {
    long started = System.nanoTime();
    try {
      URI url = URI.create(delivery.url());
      if (delivery.airline() && !reachable(url.getHost())) {
        return new Answer(Optional.empty(), Optional.of("the host resolves to a private, loopback or local address"),
            elapsedMs(started));
      }
      HttpRequest request = HttpRequest.newBuilder(url)
          .timeout(policy.timeout())
          .header("Content-Type", "application/json")
          .header("User-Agent", "Aloft-Webhooks/1")
          .header(WebhookSignature.HEADER, WebhookSignature.header(delivery.secret(), at.getEpochSecond(),
              delivery.body()))
          .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
          .build();
      HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      // The body is not read: a receiver cannot hold the sender with an endless one.
      response.body().close();
      return new Answer(Optional.of(response.statusCode()), Optional.empty(), elapsedMs(started));
    } catch (IOException | IllegalArgumentException e) {
      return new Answer(Optional.empty(), Optional.of(describe(e)), elapsedMs(started));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(Optional.empty(), Optional.of("the server shut down during the attempt"), elapsedMs(started));
    }
  }

  private boolean reachable(String host) throws IOException {
    for (InetAddress address : InetAddress.getAllByName(host)) {
      if (!WebhookUrls.reachable(address, policy.allowHttpLoopback())) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Exception e) {
    String kind = e instanceof java.net.http.HttpTimeoutException ? "timed out"
        : e instanceof java.net.ConnectException ? "could not connect"
        : e instanceof javax.net.ssl.SSLException ? "TLS failed"
        : e instanceof java.net.UnknownHostException ? "unknown host" : "failed";
    String text = kind + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR - 1) + "…";
  }

  private static long elapsedMs(long startedNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
  }

  /**
   * Logs the attempt and moves the delivery on, if it is still the one this attempt was claimed as
   * (a redelivery through the API in the meantime starts it over, and wins).
   */
  private void record(Connection connection, Claimed delivery, Instant at, Answer answer) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO webhook_attempts (delivery_id,"
        + " attempted_at, status_code, error, duration_ms) VALUES (?, ?, ?, ?, ?)")) {
      insert.setLong(1, delivery.id());
      insert.setTimestamp(2, Timestamp.from(at));
      if (answer.statusCode().isPresent()) {
        insert.setInt(3, answer.statusCode().get());
      } else {
        insert.setNull(3, Types.INTEGER);
      }
      insert.setString(4, answer.error().orElse(null));
      insert.setLong(5, answer.durationMs());
      insert.executeUpdate();
    }
    pruneLog(connection, delivery.id());
    String status = answer.delivered() ? "delivered" : delivery.attempt() >= policy.maxAttempts() ? "failed" : "pending";
    Instant next = status.equals("pending") ? clock.instant().plus(policy.retryAfter(delivery.attempt(), random))
        : clock.instant();
    try (PreparedStatement update = connection.prepareStatement("UPDATE webhook_deliveries SET status = ?,"
        + " next_attempt_at = ?, delivered_at = ? WHERE id = ? AND attempts = ? AND status = 'pending'")) {
      update.setString(1, status);
      update.setTimestamp(2, Timestamp.from(next));
      update.setTimestamp(3, answer.delivered() ? Timestamp.from(clock.instant()) : null);
      update.setLong(4, delivery.id());
      update.setInt(5, delivery.attempt());
      update.executeUpdate();
    }
  }

  private static void pruneLog(Connection connection, long deliveryId) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM webhook_attempts WHERE delivery_id = ?"
        + " AND id < (SELECT min(id) FROM (SELECT id FROM webhook_attempts WHERE delivery_id = ? ORDER BY id DESC"
        + " LIMIT " + WebhookDeliveries.MAX_LOGGED_ATTEMPTS + ") kept)")) {
      delete.setLong(1, deliveryId);
      delete.setLong(2, deliveryId);
      delete.executeUpdate();
    }
  }

  /**
   * Stops claiming, lets the attempts under way finish and record (each within its timeout), then
   * stops. A delivery claimed but not recorded is claimed again after its lease, by any server.
   */
  @Override
  public void close() {
    running = false;
    synchronized (wake) {
      wake.notifyAll();
    }
    try {
      loop.join(policy.lease().toMillis());
      senders.shutdown();
      if (!senders.awaitTermination(policy.timeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
        senders.shutdownNow();
      }
    } catch (InterruptedException e) {
      senders.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
