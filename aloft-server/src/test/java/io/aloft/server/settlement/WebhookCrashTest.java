package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.BatchEntry;
import io.aloft.server.ServerProcess;
import io.aloft.server.SharedPostgres;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.webhook.Receiver;
import io.aloft.server.webhook.ReceiverSide;
import io.aloft.testkit.JvmProcess;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server process is killed (SIGKILL) after settlement committed its events and while their
 * deliveries are in flight or still waiting, then started again on the same database: every event
 * reaches the receiver, signed; the ones in flight at the kill arrive again (at least once).
 */
class WebhookCrashTest {
  private static final String[] FLAGS = {"--webhooks-allow-http-loopback", "--webhooks-timeout", "3s",
      "--webhooks-retry-delay", "1s", "--webhooks-max-retry-delay", "2s"};
  private static final int PAYMENTS = 6;

  @Test
  void killedBetweenCommitAndDelivery_restarted_everyEventIsDelivered() throws Exception {
    String database = SharedPostgres.freshDatabase();
    Path data = Files.createTempDirectory("aloft-webhook-crash-");
    try (Receiver receiver = Receiver.start()) {
      JvmProcess first = ServerProcess.start(data, database, FLAGS);
      TestServer api = TestServer.remote(ServerProcess.baseUrl(first));
      String secret = TestServer.check(api.post("/v1/webhook-endpoints", TestServer.ADMIN_KEY, Map.of("url",
          receiver.url(), "events", WebhookDeliveryTest.ALL)), 201).json().get("signingSecret").asText();
      Aboard flight = new Aboard(api, 1);
      Passenger payer = flight.passenger(100_000);
      flight.board();
      List<BatchEntry> entries = new ArrayList<>();
      for (int i = 0; i < PAYMENTS; i++) {
        entries.add(flight.oneScan(flight.terminals.get(0), payer, 100 + i, false).entry());
      }
      receiver.hold();
      flight.upload(flight.batch(flight.terminals.get(0), entries));
      awaitArrival(receiver);
      first.kill();
      Thread.sleep(500); // a request sent just before the kill is read by the receiver's threads by now
      int inFlight = receiver.arrivals();

      Set<Long> events = ids(database, "SELECT id FROM webhook_events");
      assertThat(events).as("the payments and the upload, committed with the settlement").hasSize(PAYMENTS + 1);
      assertThat(ids(database, "SELECT id FROM webhook_deliveries WHERE status = 'delivered'"))
          .as("nothing delivered before the kill").isEmpty();
      receiver.answer(n -> 200);
      receiver.release();

      JvmProcess second = ServerProcess.start(data, database, FLAGS);
      try {
        ServerProcess.baseUrl(second);
        receiver.await(received -> delivered(database).size() == events.size(), Duration.ofSeconds(60),
            "every event after the restart");
        Map<Long, Integer> arrivals = new HashMap<>();
        for (Receiver.Received delivery : receiver.received()) {
          arrivals.merge(delivery.eventId(), 1, Integer::sum);
          assertThat(ReceiverSide.verify(secret, delivery.signature(), delivery.body(), Instant.now().getEpochSecond(),
              300)).isTrue();
        }
        assertThat(arrivals.keySet()).isEqualTo(events);
        assertThat(arrivals.values().stream().filter(times -> times == 2).count())
            .as("the deliveries in flight at the kill arrive again").isEqualTo(inFlight);
      } finally {
        second.kill();
      }
    } finally {
      TempDirectories.delete(data);
    }
  }

  private static void awaitArrival(Receiver receiver) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (receiver.arrivals() == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no delivery started");
      }
      Thread.sleep(2);
    }
  }

  private static Set<Long> delivered(String database) {
    return ids(database, "SELECT event_id FROM webhook_deliveries WHERE status = 'delivered'");
  }

  private static Set<Long> ids(String database, String query) {
    Set<Long> ids = new HashSet<>();
    try (Connection connection = DriverManager.getConnection(database);
        ResultSet row = connection.createStatement().executeQuery(query)) {
      while (row.next()) {
        ids.add(row.getLong(1));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(query, e);
    }
    return ids;
  }
}
