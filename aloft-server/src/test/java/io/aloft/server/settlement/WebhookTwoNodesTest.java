package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.BatchEntry;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.webhook.Receiver;
import io.aloft.server.webhook.WebhookPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one database, both with their delivery workers polling every 20 ms: each event
 * reaches the receiver exactly once, because a delivery claimed by one ({@code FOR UPDATE SKIP
 * LOCKED}) is not claimed by the other. Closing a server stops its worker.
 */
class WebhookTwoNodesTest {
  private static final WebhookPolicy POLICY = WebhookPolicy.defaults().withAllowHttpLoopback(true)
      .withPollInterval(Duration.ofMillis(20));
  private static final int PAYMENTS = 40;

  @Test
  void twoServersOnOneDatabase_sendEachEventOnce() {
    try (TestServer first = TestServer.start(config -> config.withWebhooks(POLICY));
        TestServer second = TestServer.start(config -> config.withDatabase(first.databaseUrl(), null, null)
            .withWebhooks(POLICY));
        Receiver receiver = Receiver.start()) {
      TestServer.check(first.post("/v1/webhook-endpoints", TestServer.ADMIN_KEY, Map.of("url", receiver.url(),
          "events", List.of("payment.settled", "upload.processed"))), 201);
      Aboard flight = new Aboard(first, 1);
      Passenger payer = flight.passenger(1_000_000);
      flight.board();
      List<BatchEntry> entries = new ArrayList<>();
      for (int i = 0; i < PAYMENTS; i++) {
        entries.add(flight.oneScan(flight.terminals.get(0), payer, 100 + i, false).entry());
      }
      flight.upload(flight.batch(flight.terminals.get(0), entries));

      receiver.await(received -> received.size() >= PAYMENTS + 1, Duration.ofSeconds(30), "every event");
      long delivered = second.number("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'");
      assertThat(delivered).isEqualTo(PAYMENTS + 1);
      Map<Long, Integer> times = new HashMap<>();
      receiver.received().forEach(delivery -> times.merge(delivery.eventId(), 1, Integer::sum));
      assertThat(times).hasSize(PAYMENTS + 1).allSatisfy((event, count) -> assertThat(count).as("event " + event)
          .isEqualTo(1));
      assertThat(second.number("SELECT count(*) FROM webhook_attempts")).as("one attempt each").isEqualTo(PAYMENTS + 1);
    }
  }

  @Test
  void closingTheServer_stopsItsDeliveryWorker() {
    long before = workerThreads();
    TestServer server = TestServer.start(config -> config.withWebhooks(POLICY));
    assertThat(workerThreads()).as("the started server's worker").isEqualTo(before + 1);
    server.close();
    assertThat(workerThreads()).as("after close").isEqualTo(before);
  }

  private static long workerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.isAlive() && thread.getName().equals("aloft-webhook-worker")).count();
  }
}
