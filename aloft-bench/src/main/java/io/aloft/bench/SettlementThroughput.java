package io.aloft.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.EnrolmentProof;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import io.aloft.server.settlement.BundleSource;
import io.aloft.server.settlement.Checked;
import io.aloft.server.settlement.Settlement;
import io.aloft.server.settlement.SettlementPolicy;
import io.aloft.server.settlement.StoredCredential;
import io.aloft.server.settlement.Submission;
import io.aloft.server.settlement.Uploader;
import io.aloft.server.settlement.Verifier;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Settlement throughput, end to end on the real server and its embedded PostgreSQL (durable
 * defaults: fsync on): decode each terminal batch, check its signature, verify every payment
 * against the bundle its terminal held, dedupe under the credential locks, post to the ledger and
 * store the signed answer — everything {@code POST /v1/terminal-batches} does except HTTP. Next to
 * it, the verify-only rate: the same batches, the same client threads, only the decode and
 * signature checks. Each run is a fresh flight with fresh payments; the figure is the median run.
 *
 * <pre>java -cp aloft-bench/target/benchmarks.jar io.aloft.bench.SettlementThroughput [payments] [threads] [runs] [warm-ups] [payers] [nodes]</pre>
 *
 * Defaults: 40,000 payments, 4 threads, 3 measured runs after 4 warm-up runs (untimed, printed),
 * 250 payers a flight (each pays at every terminal, so a batch of 256 holds about 7 payers; with
 * 2,500 payers, about 64).
 * Settlement's per-batch code runs about 160 times a run, so C2 reaches it only after a few runs:
 * the warm-up runs keep that compilation out of the measured ones.
 *
 * <p>With 2 nodes, a second server in a JVM of its own ({@link SettlementNode}) settles on the same
 * PostgreSQL: each node settles every other batch, from half the threads. Of each run's batches,
 * one in 16 is held back from the timed part and then uploaded to both nodes at once (with every
 * eighth batch already settled sent again to both); after it, every payment must have settled
 * exactly once and the ledger must balance. The JVM CPU is both JVMs'.
 */
public final class SettlementThroughput {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Payers a flight, by default; the fifth argument overrides it. */
  private static final int DEFAULT_PAYERS = 250;
  private static final int TERMINALS = 4;
  /**
   * A handshake every fourth payment. Its request is covered by the batch signature, so settlement
   * does not verify its Ed25519 signature again.
   */
  private static final int HANDSHAKE_EVERY = 4;

  private final AloftServer server;
  private final String admin;
  /** The embedded PostgreSQL's data folder, whose postmaster.pid names the server to measure. */
  private final Path postgresData;
  private final int payers;
  /** The second node in two-node mode; null with one node. */
  private final SettlementNode second;
  private int flights;
  private int runs;

  private SettlementThroughput(AloftServer server, Path postgresData, int payers, SettlementNode second) {
    this.server = server;
    this.second = second;
    this.payers = payers;
    this.admin = server.adminKey();
    this.postgresData = postgresData;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("node")) {
      SettlementNode.run(args);
      return;
    }
    int payments = args.length > 0 ? Integer.parseInt(args[0]) : 40_000;
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int warmUps = args.length > 3 ? Integer.parseInt(args[3]) : 4;
    int payers = args.length > 4 ? Integer.parseInt(args[4]) : DEFAULT_PAYERS;
    int nodes = args.length > 5 ? Integer.parseInt(args[5]) : 1;
    if (nodes < 1 || nodes > 2) {
      throw new IllegalArgumentException("nodes must be 1 or 2: " + nodes);
    }
    Path data = Files.createTempDirectory("aloft-settlement-bench-");
    try (AloftServer server = AloftServer.start(ServerConfig.defaults().withPort(0).withDataDirectory(data));
        SettlementNode second = nodes == 2 ? SettlementNode.start(data) : null) {
      SettlementThroughput bench = new SettlementThroughput(server, data.resolve("postgres"), payers, second);
      System.out.printf("verification: %s; settlement nodes: %d%n", verificationImplementation(), nodes);
      // A server settles for days: what counts is the steady state, after the JIT has compiled both
      // paths. Whole untimed runs first, as JMH warms up; they print, and stay out of the medians.
      for (int warmUp = 1; warmUp <= warmUps; warmUp++) {
        double[] rates = bench.run(payments, threads);
        System.out.printf("warm-up %d (not counted): settle %.0f payments/s, verify-only %.0f payments/s, ratio %.0f%%%n",
            warmUp, rates[0], rates[1], 100 * rates[0] / rates[1]);
      }
      List<double[]> results = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        double[] rates = bench.run(payments, threads);
        System.out.printf("run %d: settle %.0f payments/s, verify-only %.0f payments/s, ratio %.0f%%,"
            + " signatures alone %.0f payments/s%n", run, rates[0], rates[1], 100 * rates[0] / rates[1], rates[2]);
        results.add(rates);
      }
      double settle = median(results.stream().mapToDouble(r -> r[0]).toArray());
      double verify = median(results.stream().mapToDouble(r -> r[1]).toArray());
      double signatures = median(results.stream().mapToDouble(r -> r[2]).toArray());
      System.out.printf("median of %d runs (%d payments, %d payers, %d threads, %d cores, %d settlement node%s,"
              + " verification %s): settle %.0f payments/s, verify-only %.0f payments/s, ratio %.0f%%,"
              + " signatures alone %.0f payments/s%n", runs, payments, payers, threads,
          Runtime.getRuntime().availableProcessors(), nodes, nodes == 1 ? "" : "s", verificationImplementation(), settle,
          verify, 100 * settle / verify, signatures);
    } finally {
      deleteTree(data);
    }
  }

  /**
   * The implementation {@code Signatures.verify} runs, installed process-wide by the server's start:
   * the settlement nodes' and the verify-only side's.
   */
  static String verificationImplementation() {
    return Signatures.implementation();
  }

  private static double median(double[] values) {
    Arrays.sort(values);
    return values.length % 2 == 1 ? values[values.length / 2]
        : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
  }

  /**
   * One run: a fresh flight, its payments signed up front, an untimed verify-only pass, then
   * settlement, signatures alone and verify-only, settlement first every other run.
   */
  private double[] run(int payments, int threads) throws Exception {
    Flight flight = setUp();
    List<TerminalBatch> batches = flight.sign(payments, threads);
    List<byte[]> encoded = batches.stream().map(TerminalBatch::encode).toList();
    List<Integer> sizes = batches.stream().map(b -> b.entries().size()).toList();
    // The set-up (key generation, enrolments over HTTP, signing) changes the JIT's profiles of the
    // crypto code, and whichever side runs first after it pays for the recompilation (up to 40 µs a
    // payment with 2,500 payers). One untimed verify-only pass over the batches absorbs it, so that
    // both sides start from the same compiled code.
    timed(encoded, threads, bytes -> flight.verifyOnly(bytes));
    // On a shared machine the load drifts; alternate which side runs first so neither always gets the quieter slot.
    boolean settleFirst = ++runs % 2 == 0;
    Measured settle = settleFirst ? settle(flight, encoded, sizes, threads) : null;
    double signatures = timed(encoded, threads, bytes -> flight.signaturesOnly(bytes));
    Measured verify = measured(encoded, payments, threads, bytes -> flight.verifyOnly(bytes));
    if (!settleFirst) {
      settle = settle(flight, encoded, sizes, threads);
    }
    System.out.printf("  CPU per payment: settle %s; verify-only %s%n", settle.perPayment(), verify.perPayment());
    return new double[] {settle.perSecond(), verify.perSecond(), signatures * payments};
  }

  /** Settles the batches on this node, or with two nodes as the class comment says. */
  private Measured settle(Flight flight, List<byte[]> encoded, List<Integer> sizes, int threads) throws Exception {
    Settlement settlement = server.settlement();
    int payments = sizes.stream().mapToInt(Integer::intValue).sum();
    if (second == null) {
      return measured(encoded, payments, threads, bytes -> settleAll(settlement, flight.airlineId, bytes));
    }
    int perNode = Math.max(1, threads / 2);
    int timedBatches = encoded.size() - Math.max(1, encoded.size() / 16);
    List<byte[]> mine = new ArrayList<>();
    List<byte[]> theirs = new ArrayList<>();
    int timedPayments = 0;
    for (int i = 0; i < timedBatches; i++) {
      (i % 2 == 0 ? mine : theirs).add(encoded.get(i));
      timedPayments += sizes.get(i);
    }
    Optional<CpuUse> before = CpuUse.sample(postgresData, second.pid());
    long start = System.nanoTime();
    second.settle(flight.airlineId, perNode, theirs);
    timed(mine, perNode, bytes -> settleAll(settlement, flight.airlineId, bytes));
    second.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    Optional<CpuUse> after = CpuUse.sample(postgresData, second.pid());
    Measured measured = new Measured(timedPayments / seconds, before.flatMap(b -> after.map(a -> a.minus(b))),
        timedPayments);
    // The race: the held-back batches to both nodes at once, in different orders, with every eighth
    // batch already settled sent again to both.
    List<byte[]> race = new ArrayList<>(encoded.subList(timedBatches, encoded.size()));
    for (int i = 0; i < timedBatches; i += 8) {
      race.add(encoded.get(i));
    }
    List<byte[]> raceMine = new ArrayList<>(race);
    List<byte[]> raceTheirs = new ArrayList<>(race);
    Collections.shuffle(raceMine, new SecureRandom());
    Collections.shuffle(raceTheirs, new SecureRandom());
    second.settle(flight.airlineId, perNode, raceTheirs);
    timed(raceMine, perNode, bytes -> settleAll(settlement, flight.airlineId, bytes));
    second.await();
    checkExactlyOnce(flight, payments, encoded.size() - timedBatches, race.size() - (encoded.size() - timedBatches));
    return measured;
  }

  /** Every payment of the flight settled once, and the ledger balances; throws otherwise. */
  private void checkExactlyOnce(Flight flight, int payments, int raced, int resent) throws Exception {
    Path postgres = postgresData;
    String port = Files.readAllLines(postgres.resolve("postmaster.pid")).get(3).trim();
    long rows;
    long distinct;
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/aloft", "aloft",
        Files.readString(postgres.resolve("aloft-application.password")).trim());
        PreparedStatement select = connection.prepareStatement(
            "SELECT count(*), count(DISTINCT (serial, counter)) FROM payments WHERE flight_id = ?")) {
      select.setLong(1, flight.flightId);
      try (ResultSet row = select.executeQuery()) {
        row.next();
        rows = row.getLong(1);
        distinct = row.getLong(2);
      }
    }
    boolean balanced = get("/v1/ledger/check", admin).get("balanced").asBoolean();
    System.out.printf("  two nodes: %d payments uploaded, %d batches to both nodes at once and %d settled ones sent"
        + " again to both; %d payment rows, %d distinct; ledger %s%n", payments, raced, resent, rows, distinct,
        balanced ? "balanced" : "NOT balanced");
    if (rows != payments || distinct != payments || !balanced) {
      throw new IllegalStateException("exactly-once broken: " + rows + " rows, " + distinct + " distinct payments of "
          + payments + ", ledger balanced " + balanced);
    }
  }

  /** A rate in payments a second, and the CPU the JVMs and the embedded PostgreSQL spent meanwhile (whatever ran in them). */
  private record Measured(double perSecond, Optional<CpuUse> cpu, int payments) {
    String perPayment() {
      return cpu.map(c -> c.perPayment(payments)).orElse("n/a");
    }
  }

  private Measured measured(List<byte[]> batches, int payments, int threads, Consumer<byte[]> work) throws Exception {
    Optional<CpuUse> before = CpuUse.sample(postgresData);
    double rate = timed(batches, threads, work);
    Optional<CpuUse> after = CpuUse.sample(postgresData);
    return new Measured(rate * payments, before.flatMap(b -> after.map(a -> a.minus(b))), payments);
  }

  /** Settles one encoded terminal batch of {@code airlineId}; throws unless every payment's answer is SETTLED. */
  static void settleAll(Settlement settlement, long airlineId, byte[] encoded) {
    try {
      Settlement.BatchAnswer answer = settlement.settleBatch(airlineId, encoded);
      var report = ((Settlement.BatchAnswer.Answered) answer).report();
      if (report.entries().stream().anyMatch(e -> e.outcome() != SettlementOutcome.SETTLED)) {
        throw new IllegalStateException("not all settled: " + report.entries().get(0));
      }
    } catch (DecodeException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs {@code work} over every batch from {@code threads} threads; returns runs per second (1 / seconds). */
  static double timed(List<byte[]> batches, int threads, Consumer<byte[]> work) throws Exception {
    ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>(batches);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        futures.add(pool.submit(() -> {
          for (byte[] batch = queue.poll(); batch != null; batch = queue.poll()) {
            work.accept(batch);
          }
        }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      return 1e9 / (System.nanoTime() - start);
    } finally {
      pool.shutdown();
    }
  }

  /** One flight's world: its airline, terminals, enrolled payers and the bundle the terminals hold. */
  private final class Flight {
    long airlineId;
    long flightId;
    final List<long[]> terminalIds = new ArrayList<>();
    final List<SoftwareSigner> terminalKeys = new ArrayList<>();
    final List<SoftwareSigner> devices = new ArrayList<>();
    final List<OfflineCredential> credentials = new ArrayList<>();
    final Map<CredentialSerial, StoredCredential> stored = new HashMap<>();
    final List<Long> accounts = new ArrayList<>();
    TrustBundle bundle;
    Verifier verifier;

    void verifyOnly(byte[] encoded) {
      try {
        TerminalBatch batch = TerminalBatch.decode(encoded);
        SoftwareSigner key = terminalKeys.get(terminalIndex(batch.terminalId()));
        if (!Signatures.verify(key.publicKey(), batch.signingInput(), batch.signature())) {
          throw new IllegalStateException("batch signature");
        }
        Uploader uploader = new Uploader.Terminal(batch.terminalId(), airlineId);
        for (BatchEntry entry : batch.entries()) {
          BatchEntry.Payment payment = (BatchEntry.Payment) entry;
          Checked checked = verifier.check(new Submission.Payment(payment.journalSequence(), payment.authorization(),
              payment.request(), payment.receipt()), uploader, stored);
          if (!(checked instanceof Checked.Verified)) {
            throw new IllegalStateException("not verified: " + checked);
          }
        }
      } catch (DecodeException e) {
        throw new IllegalStateException(e);
      }
    }

    /**
     * The floor: only the signatures settlement needs of a payment in a terminal batch — the device
     * signature; a handshake's request is covered by the batch signature, so it is not verified again.
     */
    void signaturesOnly(byte[] encoded) {
      try {
        for (BatchEntry entry : TerminalBatch.decode(encoded).entries()) {
          BatchEntry.Payment payment = (BatchEntry.Payment) entry;
          PaymentAuthorization authorization = PaymentAuthorization.decode(payment.authorization().toByteArray());
          Optional<PaymentRequest> request = payment.request().isEmpty() ? Optional.empty()
              : Optional.of(PaymentRequest.decode(payment.request().toByteArray()));
          OfflineCredential credential = stored.get(authorization.serial()).credential();
          if (!Signatures.verify(credential.deviceKey(), authorization.signingInput(request),
              authorization.signature())) {
            throw new IllegalStateException("signature");
          }
        }
      } catch (DecodeException e) {
        throw new IllegalStateException(e);
      }
    }

    int terminalIndex(long terminalId) {
      for (int i = 0; i < terminalIds.size(); i++) {
        if (terminalIds.get(i)[0] == terminalId) {
          return i;
        }
      }
      throw new IllegalArgumentException("terminal " + terminalId);
    }

    /** Signs {@code count} payments (untimed, in parallel) and packs them into full batches per terminal. */
    List<TerminalBatch> sign(int count, int threads) throws Exception {
      // Codes are signed "now": credentials are valid from their enrolment a moment ago.
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      int perPayer = (count + payers - 1) / payers;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<List<BatchEntry.Payment>[]>> futures = new ArrayList<>();
      for (int p = 0; p < payers; p++) {
        int payer = p;
        futures.add(pool.submit(() -> signPayer(payer, perPayer, now)));
      }
      List<List<BatchEntry.Payment>> byTerminal = new ArrayList<>();
      for (int t = 0; t < TERMINALS; t++) {
        byTerminal.add(new ArrayList<>());
      }
      for (Future<List<BatchEntry.Payment>[]> future : futures) {
        List<BatchEntry.Payment>[] parts = future.get();
        for (int t = 0; t < TERMINALS; t++) {
          byTerminal.get(t).addAll(parts[t]);
        }
      }
      pool.shutdown();
      List<TerminalBatch> batches = new ArrayList<>();
      int total = 0;
      for (int t = 0; t < TERMINALS && total < count; t++) {
        List<BatchEntry.Payment> entries = byTerminal.get(t);
        long batchId = 0;
        for (int from = 0; from < entries.size() && total < count; from += TerminalBatch.MAX_ENTRIES) {
          List<BatchEntry> slice = new ArrayList<>(entries.subList(from,
              Math.min(entries.size(), Math.min(from + TerminalBatch.MAX_ENTRIES, from + count - total))));
          total += slice.size();
          batches.add(new TerminalBatch(terminalIds.get(t)[0], ++batchId, now, slice, Bytes.empty())
              .signedBy(terminalKeys.get(t)));
        }
      }
      Collections.shuffle(batches, new SecureRandom());
      return batches;
    }

    @SuppressWarnings("unchecked")
    List<BatchEntry.Payment>[] signPayer(int payer, int perPayer, Instant now) {
      List<BatchEntry.Payment>[] parts = new List[TERMINALS];
      for (int t = 0; t < TERMINALS; t++) {
        parts[t] = new ArrayList<>();
      }
      long cumulative = 0;
      long[] sequences = new long[TERMINALS];
      for (int n = 1; n <= perPayer; n++) {
        int t = (payer + n) % TERMINALS;
        long amount = 100 + (n % 50);
        cumulative += amount;
        parts[t].add(payment(payer, t, n, amount, cumulative, now, payer * 10_000L + n));
      }
      return parts;
    }

    BatchEntry.Payment payment(int payer, int t, long counter, long amount, long cumulative, Instant now,
        long sequence) {
      OfflineCredential credential = credentials.get(payer);
      long terminalId = terminalIds.get(t)[0];
      Optional<PaymentRequest> request = Optional.empty();
      Bytes nonce = Bytes.empty();
      AuthorizationKind kind = AuthorizationKind.ONE_SCAN_EXACT;
      if (counter % HANDSHAKE_EVERY == 0) {
        byte[] random = new byte[PaymentRequest.NONCE_LENGTH];
        new SecureRandom().nextBytes(random);
        nonce = Bytes.of(random);
        kind = AuthorizationKind.HANDSHAKE;
        request = Optional.of(new PaymentRequest(terminalId, airlineId, Money.of(amount, "CNY"),
            PaymentRequest.digestOf(List.of()), nonce, now, bundle.bundleVersion(), List.of(), Bytes.empty())
            .signedBy(terminalKeys.get(t)));
      }
      PaymentAuthorization authorization = new PaymentAuthorization(kind, credential.serial(), Optional.empty(),
          counter, cumulative, amount, Optional.empty(), now, nonce, Bytes.empty())
          .signedBy(devices.get(payer), request);
      Receipt receipt = new Receipt(authorization.paymentId(), terminalId, Money.of(amount, "CNY"),
          Receipt.digestOf(authorization), now, sequence, Bytes.empty()).signedBy(terminalKeys.get(t));
      return new BatchEntry.Payment(sequence, Bytes.of(authorization.encode()),
          request.map(r -> Bytes.of(r.encode())).orElse(Bytes.empty()), Bytes.of(receipt.encode()));
    }
  }

  /** A fresh airline, terminals, flight and payers (score 800: tier 3) through the HTTP API. */
  private Flight setUp() throws Exception {
    Flight flight = new Flight();
    String code = String.format("B%02d", ++flights);
    JsonNode airline = post("/v1/airlines", admin, Map.of("code", code, "name", "Bench", "currency", "CNY"));
    flight.airlineId = airline.at("/airline/id").asLong();
    String merchant = airline.get("merchantApiKey").asText();
    for (int t = 0; t < TERMINALS; t++) {
      SoftwareSigner key = SoftwareSigner.generate(SignatureAlgorithm.ED25519, new SecureRandom());
      JsonNode terminal = post("/v1/airlines/" + flight.airlineId + "/terminals", merchant,
          Map.of("publicKey", base64(key.publicKey().encoded()), "displayName", "Cart " + t));
      flight.terminalIds.add(new long[] {terminal.at("/terminal/id").asLong()});
      flight.terminalKeys.add(key);
    }
    Instant departure = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    flight.flightId = post("/v1/airlines/" + flight.airlineId + "/flights", merchant, Map.of("flightNumber", "8881",
        "flightDate", departure.toString().substring(0, 10), "scheduledDeparture", departure.toString(),
        "scheduledArrival", departure.plus(3, ChronoUnit.HOURS).toString())).get("id").asLong();
    for (int p = 0; p < payers; p++) {
      enrolPayer(flight);
    }
    JsonNode bundle = get("/v1/flights/" + flight.flightId + "/trust-bundle", merchant);
    flight.bundle = TrustBundle.decode(Base64.getDecoder().decode(bundle.get("bundle").asText()));
    flight.verifier = new Verifier(new OneBundle(flight.bundle), SettlementPolicy.DEFAULT);
    for (int p = 0; p < payers; p++) {
      OfflineCredential credential = flight.credentials.get(p);
      flight.stored.put(credential.serial(), new StoredCredential(credential, flight.accounts.get(p), flight.flightId,
          flight.airlineId, Optional.empty(), Instant.EPOCH));
    }
    return flight;
  }

  private void enrolPayer(Flight flight) throws Exception {
    JsonNode account = post("/v1/accounts", admin, Map.of("displayName", "Payer", "identityLevel", 3,
        "currency", "CNY", "openingBalanceMinor", 100_000_000, "score", 800));
    SoftwareSigner device = SoftwareSigner.generate(SignatureAlgorithm.ECDSA_P256, new SecureRandom());
    String token = account.get("walletToken").asText();
    Bytes challenge = Bytes.of(Base64.getDecoder().decode(
        post("/v1/enrolment-challenges", token, Map.of("flightId", flight.flightId)).get("challenge").asText()));
    EnrolmentProof proof = EnrolmentProof.sign(challenge, flight.flightId, device);
    JsonNode enrolled = post("/v1/enrolments", token, Map.of("flightId", flight.flightId,
        "deviceAlgorithm", "ecdsa-p256", "devicePublicKey", base64(device.publicKey().encoded()),
        "challenge", base64(proof.challenge()), "proof", base64(proof.signature())));
    flight.devices.add(device);
    flight.accounts.add(account.at("/account/id").asLong());
    flight.credentials.add(OfflineCredential.decode(
        Base64.getDecoder().decode(enrolled.at("/credential/credential").asText())));
  }

  /** The bundle the terminals hold, for the verify-only side (no database). */
  private record OneBundle(TrustBundle bundle) implements BundleSource {
    @Override
    public Optional<TrustBundle> version(long flightId, long version) {
      return version == bundle.bundleVersion() ? Optional.of(bundle) : Optional.empty();
    }

    @Override
    public long versionAt(long flightId, long airlineId, Instant at) {
      return bundle.bundleVersion();
    }

    @Override
    public Optional<Instant> terminalRevokedAt(long flightId, long airlineId, long terminalId, Instant at) {
      return Optional.empty();
    }
  }

  private static String base64(Bytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }

  private JsonNode post(String path, String token, Object body) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
    return answer(HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray()));
  }

  private JsonNode get(String path, String token) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
        .header("Authorization", "Bearer " + token).GET().build();
    return answer(HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray()));
  }

  private static JsonNode answer(HttpResponse<byte[]> response) throws IOException {
    if (response.statusCode() >= 300) {
      throw new IllegalStateException("HTTP " + response.statusCode() + ": " + new String(response.body()));
    }
    return JSON.readTree(response.body());
  }

  static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
