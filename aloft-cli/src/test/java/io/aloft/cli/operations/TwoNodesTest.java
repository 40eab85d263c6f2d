package io.aloft.cli.operations;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.ServeProcess;
import io.aloft.cli.TestDatabases;
import io.aloft.protocol.client.RequestSignature;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.files.PrivateFiles;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.server.Devices;
import io.aloft.server.TestServer;
import io.aloft.server.settlement.Aboard;
import io.aloft.server.settlement.Aboard.Passenger;
import io.aloft.server.settlement.Aboard.Sale;
import io.aloft.testkit.JvmProcess;
import io.aloft.testkit.TempDirectories;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Two {@code aloft serve} processes on one PostgreSQL, each on its own port, as
 * {@code docs/operations.md} says to run several nodes: the same database, issuer key file and
 * admin key file, their own data folders. They start together on an empty database (both run the
 * migrations), then get the same terminal batches and wallet uploads at once, many requests in
 * parallel, and two payouts of everything an airline is owed. Every payment settles exactly once,
 * every answer to one batch is the same signed report whichever node gave it, one payout is made,
 * and the ledger check balances on both nodes.
 */
class TwoNodesTest {
  private static final int PAYERS = 8;
  private static final int SALES_PER_PAYER = 10;
  private static final int BATCH_SIZE = 8;
  private static final long OPENING_BALANCE = 100_000;
  private static final Map<String, String> OCTETS = Map.of("Content-Type", "application/octet-stream");

  @Test
  void twoNodes_settleTheSameUploadsAtOnce_eachPaymentOnce_andTheLedgerBalances() throws Exception {
    Path dir = Files.createTempDirectory("aloft-two-nodes-");
    String database = TestDatabases.fresh();
    Path issuerKeys = dir.resolve("issuer-keys");
    SoftwareSigner issuer = SoftwareSigner.generate(SignatureAlgorithm.ED25519, new SecureRandom());
    PrivateFiles.write(issuerKeys, ("1:" + issuer.privateKey().hex() + "\n").getBytes(StandardCharsets.US_ASCII));
    Path adminKey = dir.resolve("admin-key");
    PrivateFiles.write(adminKey, TestServer.ADMIN_KEY.getBytes(StandardCharsets.US_ASCII));
    try (JvmProcess a = node(dir.resolve("node-a"), database, issuerKeys, adminKey);
        JvmProcess b = node(dir.resolve("node-b"), database, issuerKeys, adminKey)) {
      TestServer nodeA = TestServer.remote(ServeProcess.baseUrl(a));
      TestServer nodeB = TestServer.remote(ServeProcess.baseUrl(b));
      assertThat(fingerprint(a)).as("both nodes sign with the one issuer key").isEqualTo(fingerprint(b));

      Aboard flight = new Aboard(nodeA, 3);
      List<Passenger> payers = new ArrayList<>();
      for (int i = 0; i < PAYERS; i++) {
        payers.add(flight.on(i % 2 == 0 ? nodeA : nodeB).passenger(OPENING_BALANCE));
      }
      byte[] bundleFromB = flight.on(nodeB).board().encode();
      assertThat(flight.on(nodeA).board().encode()).as("both nodes serve the one stored bundle").isEqualTo(bundleFromB);

      List<Sold> sold = sell(flight, payers);
      List<TerminalBatch> batches = batches(flight, sold);
      Answers answers = new Answers();
      List<Callable<Void>> uploads = new ArrayList<>();
      for (TestServer node : List.of(nodeA, nodeB)) {
        for (TerminalBatch batch : batches) {
          Aboard.Crew cart = flight.terminals.stream().filter(t -> t.id == batch.terminalId()).findFirst().orElseThrow();
          uploads.add(() -> answers.batch(batch, Aboard.report(node.send("POST", "/v1/terminal-batches",
              flight.airline.merchantKey(), batch.encode(), OCTETS))));
          uploads.add(() -> answers.signedBatch(batch, node.signed("POST", "/v1/terminal-batches", cart.id, cart.key,
              batch.encode(), Instant.now(), Map.of("Content-Type", OCTETS.get("Content-Type"),
                  "Idempotency-Key", "batch-" + cart.id + "-" + batch.batchId()))));
        }
        for (Passenger payer : payers) {
          List<Sold> own = sold.stream().filter(s -> s.sale().payer() == payer).toList();
          for (int from = 0; from < own.size(); from += SALES_PER_PAYER / 2) {
            List<WalletUpload.Bill> bills = own.subList(from, Math.min(own.size(), from + SALES_PER_PAYER / 2))
                .stream().map(Sold::bill).toList();
            uploads.add(() -> answers.wallet(Aboard.report(node.send("POST", "/v1/wallet/bills", payer.token,
                new WalletUpload(bills).encode(), OCTETS))));
          }
        }
      }
      Collections.shuffle(uploads, new Random(16));
      runTogether(uploads);

      long charged = sold.stream().mapToLong(s -> s.sale().receipt().charged().amountMinor()).sum();
      long refunded = sold.stream().mapToLong(Sold::refundedMinor).sum();
      answers.assertEachPaymentAndRefundSettledOnce(sold);
      answers.assertEachBatchAnsweredAlike(batches);
      assertDatabase(database, sold, charged, refunded);
      assertWebhookEventsOnce(database, sold, batches);
      assertPayoutMadeOnce(flight, nodeA, nodeB, charged - refunded);
      assertSignedRequestReplayedToTheOtherNodeIsRefused(flight, batches.get(0), nodeA, nodeB);
      assertOneIdempotencyKeyOnBothNodesRunsOnce(database, nodeA, nodeB);
      assertTwoDevicesEnrollingAtOnce_getOneAllowance(flight, nodeA, nodeB);
      assertOneDeviceKeyEnrolledByTwoAccountsAtOnce_isRefusedOnce(flight, nodeA, nodeB);
      assertLedgerBalanced(nodeA);
      assertLedgerBalanced(nodeB);
    } finally {
      TempDirectories.delete(dir);
    }
  }

  /** A node as docs/operations.md runs one: its own data folder and port, the shared database and keys. */
  private static JvmProcess node(Path data, String database, Path issuerKeys, Path adminKey) {
    return ServeProcess.start(Map.of(), "--port", "0", "--data-dir", data.toString(), "--db-url", database,
        "--issuer-keys-file", issuerKeys.toString(), "--admin-key-file", adminKey.toString(),
        "--fx-rates", "EUR/CNY=7.8");
  }

  private static String fingerprint(JvmProcess node) {
    return node.output().stream().filter(line -> line.contains("issuer key fingerprint:")).findFirst()
        .orElseThrow(() -> new AssertionError("no fingerprint in " + node.output()));
  }

  /** A sale, and the partial refund the cart gave on it right after, if any. */
  private record Sold(Sale sale, Optional<BatchEntry.Refund> refund) {
    long refundedMinor() {
      return refund.map(r -> r.refundNote()).map(note -> decodeRefund(note).amount().amountMinor()).orElse(0L);
    }

    WalletUpload.Bill bill() {
      WalletUpload.Bill bill = sale.bill(true);
      return new WalletUpload.Bill(bill.authorization(), bill.request(), bill.receipt(),
          refund.map(r -> List.of(r.refundNote())).orElse(List.of()));
    }
  }

  private static RefundNote decodeRefund(Bytes note) {
    try {
      return RefundNote.decode(note.toByteArray());
    } catch (DecodeException e) {
      throw new AssertionError(e);
    }
  }

  /** Sales of every payer at random carts; every fourth is partly refunded at once. */
  private static List<Sold> sell(Aboard flight, List<Passenger> payers) {
    List<Sold> sold = new ArrayList<>();
    Random random = new Random(7);
    for (int n = 0; n < SALES_PER_PAYER; n++) {
      for (Passenger payer : payers) {
        Aboard.Crew cart = flight.terminals.get(random.nextInt(flight.terminals.size()));
        Sale sale = n % 3 == 0 ? flight.handshake(cart, payer, 300 + n) : flight.oneScan(cart, payer, 200 + n, n % 2 == 0);
        Optional<BatchEntry.Refund> refund = sold.size() % 4 == 0
            ? Optional.of(new BatchEntry.Refund(++cart.sequence, Bytes.of(flight.refund(sale, 1, 100).encode())))
            : Optional.empty();
        sold.add(new Sold(sale, refund));
      }
    }
    return sold;
  }

  /** Each cart's journal in batches; a refund travels in the batch of its sale, right after it. */
  private static List<TerminalBatch> batches(Aboard flight, List<Sold> sold) {
    List<TerminalBatch> batches = new ArrayList<>();
    for (Aboard.Crew cart : flight.terminals) {
      List<Sold> own = sold.stream().filter(s -> s.sale().terminal() == cart).toList();
      for (int from = 0; from < own.size(); from += BATCH_SIZE / 2) {
        List<BatchEntry> entries = new ArrayList<>();
        for (Sold s : own.subList(from, Math.min(own.size(), from + BATCH_SIZE / 2))) {
          entries.add(s.sale().entry());
          s.refund().ifPresent(entries::add);
        }
        batches.add(flight.batch(cart, entries));
      }
    }
    return batches;
  }

  /** Every answer the two nodes gave. */
  private static final class Answers {
    final Map<String, List<byte[]>> batchReports = new ConcurrentHashMap<>();
    final List<SettlementReport> walletReports = new CopyOnWriteArrayList<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();

    Void batch(TerminalBatch batch, SettlementReport report) {
      batchReports.computeIfAbsent(key(batch), k -> new CopyOnWriteArrayList<>()).add(report.encode());
      return null;
    }

    /**
     * A terminal's own signed upload under its Idempotency-Key, sent to both nodes at once: the
     * report, or 409 while the other node still runs the same key.
     */
    Void signedBatch(TerminalBatch batch, TestServer.Response response) {
      if (response.status() == 409) {
        assertThat(response.json().get("type").asText()).as(response.text()).endsWith("idempotency-in-progress");
        refusals.add(key(batch));
        return null;
      }
      return batch(batch, Aboard.report(response));
    }

    Void wallet(SettlementReport report) {
      walletReports.add(report);
      return null;
    }

    private static String key(TerminalBatch batch) {
      return batch.terminalId() + "/" + batch.batchId();
    }

    void assertEachBatchAnsweredAlike(List<TerminalBatch> batches) {
      assertThat(batchReports).hasSize(batches.size());
      batchReports.forEach((batch, reports) -> {
        assertThat(reports).as("answers to batch %s", batch).hasSizeGreaterThanOrEqualTo(2);
        reports.forEach(report -> assertThat(report).as("every answer to batch %s is the first, byte for byte", batch)
            .isEqualTo(reports.get(0)));
      });
    }

    /** One SETTLED per payment and per refund over everything both nodes answered; a batch's answer counts once. */
    void assertEachPaymentAndRefundSettledOnce(List<Sold> sold) throws Exception {
      Map<String, Integer> settled = new HashMap<>();
      List<SettlementReport> distinct = new ArrayList<>(walletReports);
      for (List<byte[]> reports : batchReports.values()) {
        distinct.add(SettlementReport.decode(reports.get(0)));
      }
      for (SettlementReport report : distinct) {
        for (SettlementReport.Entry entry : report.entries()) {
          assertThat(entry.outcome()).as(entry.toString()).isIn(SettlementOutcome.SETTLED, SettlementOutcome.DUPLICATE);
          if (entry.outcome() == SettlementOutcome.SETTLED) {
            settled.merge(entry.kind() + " " + entry.paymentId().orElseThrow() + " " + entry.refundSequence(), 1,
                Integer::sum);
          }
        }
      }
      assertThat(settled).hasSize(sold.size() + (int) sold.stream().filter(s -> s.refund().isPresent()).count());
      assertThat(settled).allSatisfy((payment, times) -> assertThat(times).as(payment).isEqualTo(1));
    }
  }

  private static void assertDatabase(String database, List<Sold> sold, long charged, long refunded)
      throws Exception {
    try (Connection connection = DriverManager.getConnection(database)) {
      assertThat(number(connection, "SELECT count(*) FROM payments")).isEqualTo(sold.size());
      assertThat(number(connection, "SELECT count(*) FROM refunds"))
          .isEqualTo(sold.stream().filter(s -> s.refund().isPresent()).count());
      assertThat(number(connection, "SELECT sum(refunded_minor) FROM payments")).isEqualTo(refunded);
      assertThat(number(connection, "SELECT sum(charged_minor) FROM payments")).isEqualTo(charged);
      assertThat(number(connection, "SELECT sum(p.amount_minor) FROM ledger_postings p"
          + " JOIN ledger_entries e ON e.id = p.entry_id JOIN ledger_accounts a ON a.id = p.ledger_account_id"
          + " WHERE e.kind = 'payment' AND a.kind = 'payer'"))
          .as("what payment entries took from payers: each payment posted once").isEqualTo(charged);
      assertThat(number(connection, "SELECT count(*) FROM payments m WHERE NOT EXISTS (SELECT 1 FROM ledger_entries e"
          + " WHERE e.id = m.ledger_entry_id AND e.kind = 'payment')")).isZero();
      assertThat(number(connection, "SELECT sum(" + OPENING_BALANCE + " - balance_minor) FROM accounts"))
          .as("what the payers' balances went down by: charged once, refunded once").isEqualTo(charged - refunded);
    }
  }

  /** The outbox holds one payment.settled per payment and one upload.processed per batch, whichever node settled it. */
  private static void assertWebhookEventsOnce(String database, List<Sold> sold, List<TerminalBatch> batches)
      throws Exception {
    try (Connection connection = DriverManager.getConnection(database)) {
      assertThat(number(connection, "SELECT count(*) FROM webhook_events WHERE type = 'payment.settled'"))
          .isEqualTo(sold.size());
      assertThat(number(connection, "SELECT count(*) FROM webhook_events WHERE type = 'upload.processed'"
          + " AND airline_id IS NOT NULL")).as("terminal batches processed").isEqualTo(batches.size());
    }
  }

  /** Both nodes asked at once, under different keys, to pay the airline all it is owed: one pays. */
  private static void assertPayoutMadeOnce(Aboard flight, TestServer nodeA, TestServer nodeB, long sold)
      throws Exception {
    String payouts = "/v1/airlines/" + flight.airline.id() + "/payouts";
    long owed = TestServer.check(nodeA.get(payouts, TestServer.ADMIN_KEY), 200).json().at("/owed/0/amountMinor").asLong();
    assertThat(owed).as("the airline is owed its sales less the fee").isPositive().isLessThan(sold);
    List<TestServer.Response> answers = new CopyOnWriteArrayList<>();
    List<Callable<Void>> both = new ArrayList<>();
    for (TestServer node : List.of(nodeA, nodeB)) {
      String key = "payout-" + (node == nodeA ? "a" : "b");
      both.add(() -> {
        answers.add(node.post(payouts, TestServer.ADMIN_KEY, Map.of("amountMinor", owed, "currency", "CNY"),
            Map.of("Idempotency-Key", key)));
        return null;
      });
    }
    runTogether(both);
    assertThat(answers).extracting(TestServer.Response::status).containsExactlyInAnyOrder(201, 422);
    JsonNode left = TestServer.check(nodeB.get(payouts, TestServer.ADMIN_KEY), 200).json();
    assertThat(left.get("data")).as(left.toString()).hasSize(1);
    assertThat(left.at("/owed/0/amountMinor").asLong()).as(left.toString()).isZero();
  }

  /** A terminal's signed request, answered by one node, is refused as a replay by the other. */
  private static void assertSignedRequestReplayedToTheOtherNodeIsRefused(Aboard flight, TerminalBatch batch,
      TestServer nodeA, TestServer nodeB) {
    Aboard.Crew cart = flight.terminals.stream().filter(t -> t.id == batch.terminalId()).findFirst().orElseThrow();
    byte[] body = batch.encode();
    Map<String, String> headers = Map.of("Content-Type", OCTETS.get("Content-Type"), "Authorization",
        RequestSignature.authorization(cart.key, cart.id, "POST", "/v1/terminal-batches", body, Instant.now(),
            new SecureRandom()));
    TestServer.check(nodeA.send("POST", "/v1/terminal-batches", null, body, headers), 200);
    TestServer.Response replayed = nodeB.send("POST", "/v1/terminal-batches", null, body, headers);
    assertThat(replayed.status()).as(replayed.text()).isEqualTo(401);
    assertThat(replayed.json().get("type").asText()).endsWith("request-replayed");
  }

  /**
   * The same Idempotency-Key and body sent to both nodes at once, five times over: each opens one
   * account, and every answer that is not "still running" is the first response, byte for byte.
   */
  private static void assertOneIdempotencyKeyOnBothNodesRunsOnce(String database, TestServer nodeA, TestServer nodeB)
      throws Exception {
    for (int round = 0; round < 5; round++) {
      String name = "Twin " + round;
      String key = "open-twin-" + round;
      List<TestServer.Response> answers = new CopyOnWriteArrayList<>();
      List<Callable<Void>> both = new ArrayList<>();
      for (TestServer node : List.of(nodeA, nodeB, nodeA, nodeB)) {
        both.add(() -> {
          answers.add(node.post("/v1/accounts", TestServer.ADMIN_KEY, Map.of("displayName", name, "identityLevel", 2,
              "currency", "CNY", "openingBalanceMinor", 1_000), Map.of("Idempotency-Key", key)));
          return null;
        });
      }
      runTogether(both);
      List<TestServer.Response> created = answers.stream().filter(r -> r.status() == 201).toList();
      assertThat(created).as("answers %s", answers.stream().map(TestServer.Response::text).toList()).isNotEmpty();
      created.forEach(r -> assertThat(r.text()).isEqualTo(created.get(0).text()));
      answers.stream().filter(r -> r.status() != 201).forEach(r -> {
        assertThat(r.status()).as(r.text()).isEqualTo(409);
        assertThat(r.json().get("type").asText()).endsWith("idempotency-in-progress");
      });
      try (Connection connection = DriverManager.getConnection(database)) {
        assertThat(number(connection, "SELECT count(*) FROM accounts WHERE display_name = '" + name + "'"))
            .as("accounts opened under one key").isEqualTo(1);
      }
    }
  }

  /**
   * A passenger's two devices enrol on the flight at once, one through each node: one credential
   * is issued, and the other device is refused because the first holds the whole allowance.
   */
  private static void assertTwoDevicesEnrollingAtOnce_getOneAllowance(Aboard flight, TestServer nodeA,
      TestServer nodeB) throws Exception {
    for (int passenger = 0; passenger < 4; passenger++) {
      TestServer.Response created = TestServer.check(nodeA.post("/v1/accounts", TestServer.ADMIN_KEY, Map.of(
          "displayName", "Two phones", "identityLevel", 3, "currency", "CNY", "openingBalanceMinor", OPENING_BALANCE)),
          201);
      String token = created.json().get("walletToken").asText();
      List<TestServer.Response> answers = new CopyOnWriteArrayList<>();
      List<Callable<Void>> both = new ArrayList<>();
      for (TestServer node : List.of(nodeA, nodeB)) {
        SoftwareSigner device = Devices.p256();
        Map<String, Object> body = Devices.provedEnrolment(flight.flightId, device,
            Devices.challenge(node, token, flight.flightId), device);
        both.add(() -> {
          answers.add(node.post("/v1/enrolments", token, body));
          return null;
        });
      }
      runTogether(both);
      assertThat(answers).extracting(TestServer.Response::status).as(answers.stream().map(TestServer.Response::text)
          .toList().toString()).containsExactlyInAnyOrder(201, 422);
      TestServer.Response refused = answers.stream().filter(r -> r.status() == 422).findFirst().orElseThrow();
      assertThat(refused.json().get("reason").asText()).isEqualTo("allowance_in_use");
    }
  }

  /**
   * One phone's key enrolled on the flight by two accounts at once, one through each node (both
   * prove the key: one person, two accounts): one account gets the credential, the other a typed
   * refusal, never a server error.
   */
  private static void assertOneDeviceKeyEnrolledByTwoAccountsAtOnce_isRefusedOnce(Aboard flight, TestServer nodeA,
      TestServer nodeB) throws Exception {
    for (int round = 0; round < 6; round++) {
      SoftwareSigner device = Devices.p256();
      List<TestServer.Response> answers = new CopyOnWriteArrayList<>();
      List<Callable<Void>> both = new ArrayList<>();
      for (TestServer node : List.of(nodeA, nodeB)) {
        String token = TestServer.check(nodeA.post("/v1/accounts", TestServer.ADMIN_KEY, Map.of("displayName",
            "One phone", "identityLevel", 3, "currency", "CNY", "openingBalanceMinor", OPENING_BALANCE)), 201)
            .json().get("walletToken").asText();
        Map<String, Object> body = Devices.provedEnrolment(flight.flightId, device,
            Devices.challenge(node, token, flight.flightId), device);
        both.add(() -> {
          answers.add(node.post("/v1/enrolments", token, body));
          return null;
        });
      }
      runTogether(both);
      assertThat(answers).extracting(TestServer.Response::status).as(answers.stream().map(TestServer.Response::text)
          .toList().toString()).containsExactlyInAnyOrder(201, 422);
      TestServer.Response refused = answers.stream().filter(r -> r.status() == 422).findFirst().orElseThrow();
      assertThat(refused.json().get("reason").asText()).isEqualTo("device_key_in_use");
    }
  }

  private static void assertLedgerBalanced(TestServer node) {
    JsonNode check = TestServer.check(node.get("/v1/ledger/check", TestServer.ADMIN_KEY), 200).json();
    assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
    assertThat(check.get("unbalancedEntries").asLong()).isZero();
    assertThat(check.get("settlementsOutOfStep").asLong()).isZero();
  }

  private static long number(Connection connection, String sql) throws Exception {
    try (ResultSet row = connection.createStatement().executeQuery(sql)) {
      row.next();
      return row.getLong(1);
    }
  }

  private static void runTogether(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      for (Future<Void> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
