package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.server.ServerProcess;
import io.aloft.server.SharedPostgres;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import io.aloft.testkit.JvmProcess;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The server process is killed (SIGKILL) while it settles a stream of batches, then restarted on
 * the same database; resending every batch completes the job. Nothing is posted twice or lost.
 */
class CrashTest {
  private static final int PAYERS = 10;
  private static final int PAYMENTS_PER_PAYER = 48;
  private static final int BATCH_SIZE = 12;

  @Test
  void killedMidBatch_restarted_resentBatches_settleEveryPaymentExactlyOnce() throws Exception {
    String database = SharedPostgres.freshDatabase();
    Path data = Files.createTempDirectory("aloft-crash-");
    try {
      JvmProcess first = startServer(data, database);
      TestServer api = TestServer.remote(baseUrl(first));
      Aboard flight = new Aboard(api, 2);
      List<Passenger> payers = new ArrayList<>();
      for (int i = 0; i < PAYERS; i++) {
        payers.add(flight.passenger(30_000));
      }
      flight.board();
      List<Sale> sales = new ArrayList<>();
      for (int n = 0; n < PAYMENTS_PER_PAYER; n++) {
        for (Passenger payer : payers) {
          sales.add(flight.oneScan(flight.terminals.get((n + sales.size()) % 2), payer, 100 + n, n % 4 == 0));
        }
      }
      List<TerminalBatch> batches = batches(flight, sales);

      int answeredBeforeKill = uploadUntilKilled(flight, batches, first);
      JvmProcess second = startServer(data, database);
      try {
        Aboard resumed = flight.on(TestServer.remote(baseUrl(second)));
        Map<String, Integer> settled = new HashMap<>();
        for (TerminalBatch batch : batches) {
          for (SettlementReport.Entry entry : resumed.upload(batch).entries()) {
            assertThat(entry.outcome()).isEqualTo(SettlementOutcome.SETTLED);
            settled.merge(entry.paymentId().orElseThrow().toString(), 1, Integer::sum);
          }
        }
        assertThat(answeredBeforeKill).as("the kill came after some answers and before all").isBetween(1,
            batches.size() - 1);
        assertThat(settled).hasSize(sales.size()).allSatisfy((id, times) -> assertThat(times).isEqualTo(1));
        assertDatabase(database, sales);
        SettlementTest.assertLedgerBalanced(resumed.server);
      } finally {
        second.kill();
      }
    } finally {
      TempDirectories.delete(data);
    }
  }

  private static List<TerminalBatch> batches(Aboard flight, List<Sale> sales) {
    List<TerminalBatch> batches = new ArrayList<>();
    for (Aboard.Crew cart : flight.terminals) {
      List<BatchEntry> entries = sales.stream().filter(s -> s.terminal() == cart).map(s -> (BatchEntry) s.entry()).toList();
      for (int from = 0; from < entries.size(); from += BATCH_SIZE) {
        batches.add(flight.batch(cart, entries.subList(from, Math.min(entries.size(), from + BATCH_SIZE))));
      }
    }
    return batches;
  }

  /** Uploads from four threads and SIGKILLs the server once a few batches have been answered. */
  private static int uploadUntilKilled(Aboard flight, List<TerminalBatch> batches, JvmProcess server) throws Exception {
    AtomicInteger answered = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (TerminalBatch batch : batches) {
        pool.submit(() -> {
          try {
            flight.upload(batch);
            answered.incrementAndGet();
          } catch (RuntimeException | AssertionError killed) {
            // the server died under this upload: its outcome is unknown, as after a real crash
          }
        });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (answered.get() < 4 && System.nanoTime() < deadline) {
        Thread.sleep(2);
      }
      server.kill();
      return answered.get();
    } finally {
      pool.shutdown();
      pool.awaitTermination(60, TimeUnit.SECONDS);
    }
  }

  private static void assertDatabase(String database, List<Sale> sales) throws Exception {
    try (Connection connection = DriverManager.getConnection(database)) {
      assertThat(ConcurrentUploadTest.count(connection, "SELECT count(*) FROM payments")).isEqualTo(sales.size());
      long charged = sales.stream().mapToLong(s -> s.receipt().charged().amountMinor()).sum();
      assertThat(ConcurrentUploadTest.count(connection, "SELECT sum(p.amount_minor) FROM ledger_postings p"
          + " JOIN ledger_entries e ON e.id = p.entry_id JOIN ledger_accounts a ON a.id = p.ledger_account_id"
          + " WHERE e.kind = 'payment' AND a.kind IN ('payer', 'payer_arrears')"))
          .as("what payment entries took from payers, posted once per payment").isEqualTo(charged);
      assertThat(ConcurrentUploadTest.count(connection, "SELECT sum(charged_minor) FROM payments")).isEqualTo(charged);
      assertThat(ConcurrentUploadTest.count(connection, "SELECT sum(30000 - balance_minor) FROM accounts"))
          .isEqualTo(charged);
    }
  }

  private static JvmProcess startServer(Path data, String database) {
    return ServerProcess.start(data, database);
  }

  private static String baseUrl(JvmProcess server) {
    return ServerProcess.baseUrl(server);
  }
}
