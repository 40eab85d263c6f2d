package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Digests;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.OutcomeQuery;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.server.airline.Terminals;
import io.aloft.server.db.Database;
import io.aloft.server.db.DatabaseException;
import io.aloft.server.issuer.IssuerKeyRing;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.webhook.EventData;
import io.aloft.server.webhook.EventType;
import io.aloft.server.webhook.Outbox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Settles uploads exactly once. Each upload goes through two steps:
 * <ol>
 *   <li>{@link Verifier}: decode and check every item against the bundle its terminal held, in
 *       parallel on every core, outside any transaction (signatures are the dominant cost);</li>
 *   <li>{@link SettlementRun}: one transaction that locks the credentials and payers involved,
 *       decides each item with {@link SettlementRules}, posts to the {@link Ledger}, records
 *       the answer and writes the webhook events ({@link Outbox}) — all or nothing.</li>
 * </ol>
 * The uniqueness of a payment lives in the database (the primary key of {@code payments}), and a
 * terminal batch's answer is stored with its effects, so a resend after any failure gets the same
 * answer and a re-upload of anything settles nothing twice.
 */
public final class Settlement implements AutoCloseable {
  /** Most items one upload may carry: a terminal batch's bound, which is also a report's. */
  public static final int MAX_ITEMS = SettlementReport.MAX_ENTRIES;
  /** Deadlock or lock timeout between concurrent uploads: retried this many times, then a 5xx. */
  private static final int MAX_ATTEMPTS = 4;
  /** Below this many items, verifying on the caller's thread beats handing off. */
  private static final int PARALLEL_THRESHOLD = 8;

  private final Database database;
  private final Ledger ledger;
  private final BundleSource bundles;
  private final Verifier verifier;
  private final SettlementPolicy policy;
  private final IssuerKeyRing issuerKeys;
  private final Clock clock;
  private final Duration settlementWindow;
  private final int threads;
  private final ExecutorService verifiers;

  /**
   * @param settlementWindow how long after a credential's validity its payments may still settle
   *     from terminals; a wallet's bill with no merchant record settled by then is rejected
   *     ({@code NO_MERCHANT_RECORD}, {@link SettlementRules#decideUnconfirmed})
   */
  public Settlement(Database database, Ledger ledger, BundleSource bundles, SettlementPolicy policy,
      IssuerKeyRing issuerKeys, Clock clock, Duration settlementWindow, int verifierThreads) {
    if (verifierThreads < 1 || verifierThreads > 64) {
      throw new IllegalArgumentException("verifierThreads must be 1..64: " + verifierThreads);
    }
    this.database = database;
    this.ledger = ledger;
    this.bundles = bundles;
    this.verifier = new Verifier(bundles, policy);
    this.policy = policy;
    this.issuerKeys = issuerKeys;
    this.clock = clock;
    this.settlementWindow = settlementWindow;
    this.threads = verifierThreads;
    this.verifiers = Executors.newFixedThreadPool(verifierThreads, runnable -> {
      Thread thread = new Thread(runnable, "aloft-verifier");
      thread.setDaemon(true);
      return thread;
    });
  }

  /** The answer to a terminal batch, or why there is none. */
  public sealed interface BatchAnswer {
    record Answered(SettlementReport report) implements BatchAnswer {}

    /** The terminal is not registered to this airline. */
    record UnknownTerminal() implements BatchAnswer {}

    /** The batch's signature does not verify under the terminal's registered key. */
    record BadSignature() implements BatchAnswer {}

    /** The terminal sent this batch id before with different content. */
    record BatchIdReused() implements BatchAnswer {}
  }

  /** Settles a terminal-signed batch uploaded with the merchant key of {@code airlineId}. */
  /** The trust bundle versions that settled payments of the flight name, which bundle pruning keeps. */
  public static java.util.Set<Long> bundleVersionsInUse(java.sql.Connection connection, long flightId)
      throws java.sql.SQLException {
    return SettlementStore.bundleVersionsInUse(connection, flightId);
  }

  public BatchAnswer settleBatch(long airlineId, byte[] encoded) throws DecodeException {
    return settleBatch(airlineId, OptionalLong.empty(), encoded);
  }

  /** As {@link #settleBatch(long, byte[])}; a batch of any terminal other than {@code onlyTerminal} is unknown. */
  public BatchAnswer settleBatch(long airlineId, OptionalLong onlyTerminal, byte[] encoded) throws DecodeException {
    TerminalBatch batch = TerminalBatch.decode(encoded);
    if (onlyTerminal.isPresent() && onlyTerminal.getAsLong() != batch.terminalId()) {
      return new BatchAnswer.UnknownTerminal();
    }
    Bytes digest = Bytes.of(Digests.sha256(encoded));
    record Known(Optional<TerminalCertificate> terminal, Optional<BatchAnswer> earlier) {}
    Known known = database.inTransaction(c -> new Known(Terminals.certificateOf(c, batch.terminalId(), airlineId),
        storedAnswer(c, batch, digest)));
    if (known.terminal().isEmpty()) {
      return new BatchAnswer.UnknownTerminal();
    }
    if (!Signatures.verify(known.terminal().get().terminalKey(), batch.signingInput(), batch.signature())) {
      return new BatchAnswer.BadSignature();
    }
    if (known.earlier().isPresent()) {
      return known.earlier().get();
    }
    List<Submission> submissions = batch.entries().stream().map(Settlement::submission).toList();
    Uploader uploader = new Uploader.Terminal(batch.terminalId(), airlineId);
    return settle(uploader, OptionalLong.of(batch.batchId()), submissions, (connection, results) -> {
      SettlementReport report = report(SettlementReport.Subject.TERMINAL_BATCH, batch.terminalId(), batch.batchId(),
          results);
      if (!storeAnswer(connection, batch, digest, report)) {
        throw new ConcurrentBatch();
      }
      return (BatchAnswer) new BatchAnswer.Answered(report);
    }, () -> database.inTransaction(c -> storedAnswer(c, batch, digest)).orElseThrow());
  }

  private static Submission submission(BatchEntry entry) {
    if (entry instanceof BatchEntry.Payment payment) {
      return new Submission.Payment(payment.journalSequence(), payment.authorization(), payment.request(),
          payment.receipt());
    }
    BatchEntry.Refund refund = (BatchEntry.Refund) entry;
    return new Submission.Refund(refund.journalSequence(), refund.refundNote());
  }

  /** Settles a wallet's bills: each bill, then its refund notes. At most {@link #MAX_ITEMS} items. */
  public SettlementReport settleWallet(long accountId, WalletUpload upload) {
    List<Submission> submissions = new ArrayList<>();
    for (WalletUpload.Bill bill : upload.bills()) {
      submissions.add(new Submission.Payment(0, bill.authorization(), bill.request(), bill.receipt()));
      bill.refunds().forEach(note -> submissions.add(new Submission.Refund(0, note)));
    }
    if (submissions.size() > MAX_ITEMS) {
      throw new IllegalArgumentException("an upload carries at most " + MAX_ITEMS + " bills and refund notes together");
    }
    return settle(new Uploader.Wallet(accountId), OptionalLong.empty(), submissions,
        (connection, results) -> report(SettlementReport.Subject.WALLET_UPLOAD, 0, 0, results), null);
  }

  /** What has become of some of an account's payments; ids of other accounts' credentials are PENDING. */
  public SettlementReport outcomes(long accountId, OutcomeQuery query) {
    List<Result> results = database.inTransaction(c -> Outcomes.of(c, accountId, query.paymentIds()));
    return report(SettlementReport.Subject.OUTCOME_QUERY, 0, 0, results);
  }

  /** Work that finishes a settlement inside its transaction (recording the answer), given the results. */
  @FunctionalInterface
  private interface Finish<T> {
    T apply(Connection connection, List<Result> results) throws SQLException;
  }

  /** Thrown inside the transaction when a concurrent upload of the same batch committed first. */
  private static final class ConcurrentBatch extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ConcurrentBatch() {
      super(null, null, false, false);
    }
  }

  private <T> T settle(Uploader uploader, OptionalLong batchId, List<Submission> submissions, Finish<T> finish,
      java.util.function.Supplier<T> onConcurrentBatch) {
    if (submissions.size() > MAX_ITEMS) {
      throw new IllegalArgumentException("at most " + MAX_ITEMS + " items per upload, got " + submissions.size());
    }
    List<Verifier.Decoded> decoded = submissions.stream().map(Verifier::decode).toList();
    Map<CredentialSerial, StoredCredential> credentials = database.inTransaction(
        c -> SettlementStore.credentials(c, serials(decoded)));
    List<Checked> checked = verifyAll(uploader, decoded, credentials);
    for (int attempt = 1; ; attempt++) {
      try {
        return database.inTransaction(connection -> {
          SettlementRun.Decided decided = SettlementRun.run(connection, ledger, uploader, checked, policy, bundles,
              clock, settlementWindow);
          T answer = finish.apply(connection, decided.results());
          List<Outbox.Event> events = new ArrayList<>(decided.events());
          events.add(processed(uploader, batchId, decided.results()));
          Outbox.recordAll(connection, events, decided.at());
          return answer;
        });
      } catch (ConcurrentBatch raced) {
        return onConcurrentBatch.get();
      } catch (DatabaseException e) {
        if (attempt >= MAX_ATTEMPTS || !isTransient(e)) {
          throw e;
        }
      }
    }
  }

  /** The {@code upload.processed} event: a terminal batch is its airline's, a wallet upload the operator's only. */
  private static Outbox.Event processed(Uploader uploader, OptionalLong batchId, List<Result> results) {
    Map<String, Integer> outcomes = new TreeMap<>();
    results.forEach(result -> outcomes.merge(result.outcome().name().toLowerCase(Locale.ROOT), 1, Integer::sum));
    if (uploader instanceof Uploader.Terminal terminal) {
      return new Outbox.Event(EventType.UPLOAD_PROCESSED, Optional.of(terminal.airlineId()),
          new EventData.UploadProcessed("terminal_batch", terminal.airlineId(), terminal.terminalId(),
              batchId.getAsLong(), null, results.size(), outcomes));
    }
    return new Outbox.Event(EventType.UPLOAD_PROCESSED, Optional.empty(), new EventData.UploadProcessed(
        "wallet_upload", null, null, null, ((Uploader.Wallet) uploader).accountId(), results.size(), outcomes));
  }

  /** Deadlock detected, or a lock wait beyond lock_timeout: another upload held the same rows. */
  private static boolean isTransient(DatabaseException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && ("40P01".equals(sql.getSQLState()) || "55P03".equals(sql.getSQLState())
          || "40001".equals(sql.getSQLState()))) {
        return true;
      }
    }
    return false;
  }

  private static Set<CredentialSerial> serials(List<Verifier.Decoded> decoded) {
    Set<CredentialSerial> serials = new LinkedHashSet<>();
    decoded.forEach(d -> d.serial().ifPresent(serials::add));
    return serials;
  }

  /** Verifies on every verifier thread, in contiguous slices, keeping the upload's order. */
  private List<Checked> verifyAll(Uploader uploader, List<Verifier.Decoded> submissions,
      Map<CredentialSerial, StoredCredential> credentials) {
    int slices = submissions.size() < PARALLEL_THRESHOLD ? 1 : Math.min(threads, submissions.size());
    if (slices == 1) {
      return submissions.stream().map(s -> verifier.check(s, uploader, credentials)).toList();
    }
    List<Future<List<Checked>>> futures = new ArrayList<>(slices);
    for (int slice = 0; slice < slices; slice++) {
      List<Verifier.Decoded> part = submissions.subList(slice * submissions.size() / slices,
          (slice + 1) * submissions.size() / slices);
      futures.add(verifiers.submit(() -> part.stream().map(s -> verifier.check(s, uploader, credentials)).toList()));
    }
    List<Checked> checked = new ArrayList<>(submissions.size());
    for (Future<List<Checked>> future : futures) {
      try {
        checked.addAll(future.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while verifying", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("verification failed unexpectedly", e.getCause());
      }
    }
    return checked;
  }

  private SettlementReport report(SettlementReport.Subject subject, long terminalId, long batchId,
      List<Result> results) {
    return new SettlementReport(issuerKeys.signingKeyId(), subject, terminalId, batchId,
        clock.instant().truncatedTo(ChronoUnit.SECONDS), results.stream().map(Result::toEntry).toList(),
        Bytes.empty()).signedBy(issuerKeys.signer());
  }

  private static Optional<BatchAnswer> storedAnswer(Connection connection, TerminalBatch batch, Bytes digest)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT batch_digest, report FROM terminal_batches WHERE terminal_id = ? AND batch_id = ?")) {
      select.setLong(1, batch.terminalId());
      select.setLong(2, batch.batchId());
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        if (!Bytes.of(row.getBytes(1)).equals(digest)) {
          return Optional.of(new BatchAnswer.BatchIdReused());
        }
        return Optional.of(new BatchAnswer.Answered(SettlementReport.decode(row.getBytes(2))));
      }
    } catch (DecodeException e) {
      throw new IllegalStateException("stored report of batch " + batch.batchId() + " does not decode", e);
    }
  }

  private boolean storeAnswer(Connection connection, TerminalBatch batch, Bytes digest, SettlementReport report)
      throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO terminal_batches (terminal_id, batch_id, batch_digest, received_at, report)"
            + " VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setLong(1, batch.terminalId());
      insert.setLong(2, batch.batchId());
      insert.setBytes(3, digest.toByteArray());
      insert.setTimestamp(4, Timestamp.from(clock.instant()));
      insert.setBytes(5, report.encode());
      return insert.executeUpdate() == 1;
    }
  }

  @Override
  public void close() {
    verifiers.shutdownNow();
  }
}
