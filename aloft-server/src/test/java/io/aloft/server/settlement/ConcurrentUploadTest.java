package io.aloft.server.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.server.SharedPostgres;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The same payments uploaded by terminals and wallets at once, from many threads: each posted once. */
class ConcurrentUploadTest {
  private static final int THREADS = 12;
  private static final int ROUNDS = 3;

  @Test
  void samePayments_fromTerminalsAndWallets_inParallel_postOnceEach() throws Exception {
    String database = SharedPostgres.freshDatabase();
    try (TestServer server = TestServer.start(config -> config.withDatabase(database, null, null))) {
      Aboard flight = new Aboard(server, 2);
      List<Passenger> payers = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        payers.add(flight.passenger(i == 0 ? 3_000 : 100_000));
      }
      flight.board();
      List<Sale> sales = new ArrayList<>();
      Random random = new Random(6);
      for (int i = 0; i < 36; i++) {
        Passenger payer = payers.get(i % payers.size());
        Aboard.Crew cart = flight.terminals.get(random.nextInt(2));
        sales.add(i % 3 == 0 ? flight.handshake(cart, payer, 500 + i) : flight.oneScan(cart, payer, 700 + i, i % 2 == 0));
      }
      List<TerminalBatch> batches = new ArrayList<>();
      for (Aboard.Crew cart : flight.terminals) {
        List<BatchEntry> entries = sales.stream().filter(s -> s.terminal() == cart).map(s -> (BatchEntry) s.entry()).toList();
        batches.add(flight.batch(cart, entries));
      }
      List<Runnable> uploads = new ArrayList<>();
      Map<String, SettlementOutcome> firstOutcome = new ConcurrentHashMap<>();
      for (int round = 0; round < ROUNDS; round++) {
        batches.forEach(batch -> uploads.add(() -> record(flight.upload(batch), firstOutcome)));
        for (Passenger payer : payers) {
          List<WalletUpload.Bill> bills = sales.stream().filter(s -> s.payer() == payer)
              .map(s -> s.bill(true)).toList();
          uploads.add(() -> record(flight.upload(payer, bills), firstOutcome));
        }
      }
      Collections.shuffle(uploads, random);

      runTogether(uploads);

      try (Connection connection = DriverManager.getConnection(database)) {
        assertThat(count(connection, "SELECT count(*) FROM payments")).isEqualTo(sales.size());
        // Each upload that settled something posted one payment entry; the payments it summed
        // point at it. The ledger check (below) reconciles those sums with the payments' rows.
        assertThat(count(connection, "SELECT count(*) FROM payments m WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e"
            + " WHERE e.id = m.ledger_entry_id AND e.kind = 'payment')")).isZero();
        long charged = sales.stream().mapToLong(s -> s.receipt().charged().amountMinor()).sum();
        assertThat(count(connection, "SELECT sum(p.amount_minor) FROM ledger_postings p"
            + " JOIN ledger_entries e ON e.id = p.entry_id JOIN ledger_accounts a ON a.id = p.ledger_account_id"
            + " WHERE e.kind = 'payment' AND a.kind IN ('payer', 'payer_arrears')"))
            .as("what payment entries took from payers, posted once per payment").isEqualTo(charged);
        assertThat(count(connection, "SELECT sum(charged_minor) FROM payments")).isEqualTo(charged);
      }
      assertThat(firstOutcome.values()).containsOnly(SettlementOutcome.SETTLED);
      assertThat(firstOutcome).hasSize(sales.size());
      SettlementTest.assertLedgerBalanced(server);
    }
  }

  private static final java.util.Set<String> ANSWERED_BATCHES = ConcurrentHashMap.newKeySet();

  /**
   * Remembers, per payment, the SETTLED outcome; any second SETTLED for one payment fails the test.
   * A resent batch gets its first answer again, so each batch's answer counts once.
   */
  private static void record(SettlementReport report, Map<String, SettlementOutcome> settled) {
    if (report.subject() == SettlementReport.Subject.TERMINAL_BATCH
        && !ANSWERED_BATCHES.add(report.terminalId() + "/" + report.batchId())) {
      return;
    }
    for (SettlementReport.Entry entry : report.entries()) {
      assertThat(entry.outcome()).isIn(SettlementOutcome.SETTLED, SettlementOutcome.DUPLICATE);
      if (entry.outcome() == SettlementOutcome.SETTLED) {
        assertThat(settled.put(entry.paymentId().orElseThrow().toString(), entry.outcome()))
            .as("settled twice: %s", entry.paymentId()).isNull();
      }
    }
  }

  private static void runTogether(List<Runnable> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (Runnable task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          task.run();
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  static long count(Connection connection, String sql) throws Exception {
    try (ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }
}
