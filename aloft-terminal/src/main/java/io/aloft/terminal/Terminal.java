package io.aloft.terminal;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.anchor.BundleMarkFile;
import io.aloft.protocol.anchor.BundleMarkStore;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.files.PrivateFiles;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CabinHello;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.CabinRules;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.cabin.CabinEndpoint;
import io.aloft.terminal.cabin.CabinKeeper;
import io.aloft.terminal.cabin.CabinStatus;
import io.aloft.terminal.cabin.CabinStore;
import io.aloft.terminal.journal.Journal;
import io.aloft.terminal.journal.JournalVerification;
import io.aloft.terminal.journal.JournalVerifier;
import io.aloft.terminal.keys.FileKeyProvider;
import io.aloft.terminal.refund.RefundCode;
import io.aloft.terminal.refund.Refunds;
import io.aloft.terminal.sale.Checkout;
import io.aloft.terminal.sale.RequestCode;
import io.aloft.terminal.sale.Sale;
import io.aloft.terminal.sqlite.SqliteStorage;
import io.aloft.terminal.status.OfflineStatus;
import io.aloft.terminal.trust.BundleKeeper;
import io.aloft.terminal.upload.BatchFiles;
import io.aloft.terminal.upload.EntryOutcome;
import io.aloft.terminal.upload.SyncReport;
import io.aloft.terminal.upload.Uploader;
import io.aloft.terminal.upload.Uploads;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import io.aloft.protocol.client.IssuerClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The terminal SDK as a crew app calls it: install the trust bundle, show payment requests,
 * accept scanned codes, refund, report status, upload. One instance per device, safe to call
 * from several threads (calls are serialised).
 *
 * <p>Every expected outcome is a {@link Verdict}: accepted with a value, or rejected with a
 * {@link Reason} whose {@link Reason#message()} is the sentence for the crew to read aloud and a
 * detail for logs. Exceptions mean a caller bug (IllegalArgumentException), broken storage
 * ({@link io.aloft.protocol.sqlite.StorageException}: nothing was accepted), or a corrupt
 * journal (IllegalStateException).
 *
 * <p>Time and randomness are injected so that a simulated flight replays exactly from a seed.
 */
public final class Terminal implements AutoCloseable, CabinEndpoint {
  /** Upper bound on batches one {@link #sync} call sends. */
  public static final int MAX_BATCHES_PER_SYNC = 64;
  /** The record of the installed bundle, next to {@code terminal.db} and outside it. */
  public static final String BUNDLE_MARK_FILE = "bundle-mark";

  private final TerminalConfig config;
  private final Signer terminalKey;
  private final TerminalStorage storage;
  private final IssuerClock clock;
  private final BundleKeeper bundles;
  private final CabinKeeper cabin;
  private final Checkout checkout;
  private final Refunds refunds;
  private final Uploads uploads;

  private Terminal(TerminalConfig config, Signer terminalKey, TerminalStorage storage, BundleMarkStore marks,
      Clock clock, Random random) {
    this.config = config;
    this.terminalKey = terminalKey;
    this.storage = storage;
    this.clock = new IssuerClock(clock, storage.bundles().issuerClockOffset().orElse(Duration.ZERO));
    long id = config.terminalId();
    this.bundles = new BundleKeeper(storage.bundles(), config.trustedIssuerKeys(), id, terminalKey.publicKey(),
        config.policy(), marks);
    this.cabin = new CabinKeeper(id, terminalKey, storage.journal(), storage.cabin(), bundles, config.policy());
    this.checkout = new Checkout(id, terminalKey, config.policy(), bundles, storage.requests(),
        config.openRequestsKept(), storage.journal(), cabin, random);
    this.refunds = new Refunds(id, terminalKey, bundles, storage.journal());
    this.uploads = new Uploads(id, terminalKey, storage.journal(), storage.uploads(), config.batchMaxEntries(),
        random);
  }

  /**
   * A terminal over any storage and key, e.g. an Android app's. {@code marks} keeps the record of
   * the installed bundle outside {@code storage} (see {@link BundleKeeper}): an app passes a store
   * its database cannot overwrite, such as its protected preferences. {@code clock} is the device's own; the terminal reads it
   * corrected by the offset last recorded with {@link #recordIssuerTime}.
   *
   * @throws IllegalStateException when the stored bundle is refused against the provisioned keys
   *     and that record (an edited or rolled-back database)
   */
  public static Terminal open(TerminalConfig config, Signer terminalKey, TerminalStorage storage,
      BundleMarkStore marks, Clock clock, Random random) {
    return new Terminal(config, terminalKey, storage, marks, clock, random);
  }

  /**
   * As above with {@link BundleMarkStore#inMemory()}: the stored bundle is checked against the
   * provisioned keys at open, but a rollback is noticed only within this run.
   */
  public static Terminal open(TerminalConfig config, Signer terminalKey, TerminalStorage storage, Clock clock,
      Random random) {
    return open(config, terminalKey, storage, BundleMarkStore.inMemory(), clock, random);
  }

  /**
   * The JVM terminal in {@code directory} (created mode 700 when missing): {@code terminal.key} (created on first use, mode 600),
   * {@code terminal.db} (SQLite, WAL, synchronous=FULL, mode 600) and {@value #BUNDLE_MARK_FILE} (the record
   * of the installed bundle, mode 600; see {@link BundleMarkFile}).
   */
  public static Terminal openInDirectory(Path directory, TerminalConfig config, Clock clock, SecureRandom random) {
    try {
      PrivateFiles.createFolder(directory);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot create " + directory, e);
    }
    Signer key = FileKeyProvider.openOrCreate(directory.resolve("terminal.key"), random).terminalKey();
    SqliteStorage storage = SqliteStorage.open(directory.resolve("terminal.db"));
    try {
      return open(config, key, storage, new BundleMarkFile(directory.resolve(BUNDLE_MARK_FILE)), clock, random);
    } catch (RuntimeException refused) {
      storage.close();
      throw refused;
    }
  }

  /** The key the issuer must certify for this terminal. */
  public io.aloft.protocol.crypto.VerificationKey publicKey() {
    return terminalKey.publicKey();
  }

  /**
   * Records the issuer's time, read from an answer of the issuer just received (its HTTP
   * {@code Date} header), and from now on reads the device's clock corrected by the difference:
   * one-scan codes are good for minutes, so the terminal and the wallets must agree with the
   * issuer's clock, not with their own. Call it at set-up and at every sync. The offset is
   * stored and survives restarts. Returns the issuer's clock minus the device's.
   */
  public synchronized Duration recordIssuerTime(Instant issuerTime) {
    require(issuerTime, "issuerTime");
    Duration offset = clock.recordIssuerTime(issuerTime);
    storage.bundles().saveIssuerClockOffset(offset);
    return offset;
  }

  /** The issuer's clock minus the device's, as last recorded; zero before the first record. */
  public synchronized Duration issuerClockOffset() {
    return clock.offset();
  }

  /** Installs a trust bundle, as served; see {@link BundleKeeper} for what is refused. */
  public synchronized Verdict<TrustBundle> installBundle(byte[] encoded) {
    require(encoded, "encoded");
    return bundles.install(encoded.clone(), now());
  }

  /** A signed payment request to show as a QR code; items may be empty. */
  public synchronized Verdict<RequestCode> createRequest(Money amount, List<LineItem> items) {
    require(amount, "amount");
    require(items, "items");
    return checkout.createRequest(amount, List.copyOf(items), now());
  }

  /**
   * Accepts or refuses a scanned payment code: a handshake authorization answering one of this
   * terminal's requests, or a one-scan code charged at its signed amount. An accepted sale is
   * already durably journaled when this returns.
   */
  public synchronized Verdict<Sale> accept(String scanned) {
    require(scanned, "scanned");
    return checkout.accept(scanned, Optional.empty(), now());
  }

  /** Accepts a one-scan cap code, charging {@code charge} (at most the cap, same currency). */
  public synchronized Verdict<Sale> accept(String scanned, Money charge) {
    require(scanned, "scanned");
    require(charge, "charge (use accept(scanned) for the signed amount)");
    return checkout.accept(scanned, Optional.of(charge), now());
  }

  /** Refunds part or all of a journaled payment with a signed, journaled refund note. */
  public synchronized Verdict<RefundCode> refund(PaymentId paymentId, Money amount) {
    require(paymentId, "paymentId");
    require(amount, "amount");
    return refunds.refund(paymentId, amount, now());
  }

  /** Refunds everything not yet refunded of a journaled payment. */
  public synchronized Verdict<RefundCode> voidPayment(PaymentId paymentId) {
    Optional<Money> left = refunds.refundable(paymentId).filter(m -> m.amountMinor() > 0);
    if (!left.isPresent()) {
      return Verdict.reject(Reason.OVER_REFUNDABLE, "nothing left to refund of " + paymentId);
    }
    return refunds.refund(paymentId, left.get(), now());
  }

  public synchronized OfflineStatus offlineStatus() {
    Instant now = now();
    long acknowledged = storage.uploads().lastAcknowledgedSequence();
    Journal.PaymentTotals pending = storage.journal().paymentsAfter(acknowledged);
    Map<CurrencyUnit, Money> byCurrency = new HashMap<>();
    pending.minorByCurrency().forEach((currency, minor) -> byCurrency.put(currency, Money.of(minor, currency)));
    return new OfflineStatus(pending.count(), byCurrency, pending.oldest(), bundles.status(now),
        storage.journal().head().sequence(), acknowledged);
  }

  /** The batch to upload next (the open one again, if it was never answered); empty when all are sent. */
  public synchronized Optional<TerminalBatch> nextBatch() {
    return uploads.nextBatch(now());
  }

  /** Records the server's outcomes for a batch; see {@link Uploads#recordOutcomes}. */
  public synchronized boolean recordOutcomes(long batchId, List<EntryOutcome> outcomes) {
    return uploads.recordOutcomes(batchId, List.copyOf(outcomes));
  }

  /** Uploads everything pending, at most {@value #MAX_BATCHES_PER_SYNC} batches. */
  public synchronized SyncReport sync(Uploader uploader) {
    return uploads.sync(uploader, MAX_BATCHES_PER_SYNC, this::now);
  }

  /** Writes the next batch to {@code directory} for offline transfer; empty when all are sent. */
  public synchronized Optional<Path> exportBatch(Path directory) throws IOException {
    Optional<TerminalBatch> batch = uploads.nextBatch(now());
    return batch.isPresent() ? Optional.of(BatchFiles.write(batch.get(), directory)) : Optional.empty();
  }

  /**
   * Merges a cabin digest another terminal of the flight sent, once its signature verifies under
   * a terminal certificate of the current bundle (see {@link CabinKeeper}). Afterwards a counter
   * that terminal accepted is refused here as REPLAYED_COUNTER, and its spend counts toward the
   * credential's total limit.
   */
  @Override
  public synchronized Verdict<CabinDigest> receiveCabinDigest(byte[] encoded) {
    require(encoded, "encoded");
    return cabin.receive(encoded.clone(), now());
  }

  /** What the other terminals of the flight accepted, as merged here from their digests. */
  public synchronized io.aloft.protocol.rules.CabinView cabinView() {
    return cabin.peerView(now());
  }

  /** This terminal's signed digest for its cabin peers; empty without a trust bundle. */
  @Override
  public synchronized Optional<CabinDigest> cabinDigest() {
    return cabin.ownDigest(now());
  }

  /** The flight of the installed bundle, which cabin peers must share; empty without one. */
  @Override
  public synchronized Optional<Long> flightId() {
    return bundles.current().map(TrustBundle::flightId);
  }

  /**
   * The airline's catalogue in the installed bundle, as the issuer signed it, for the crew to sell
   * from offline; empty when no bundle is installed or the airline has set none.
   */
  public synchronized Catalogue catalogue() {
    return bundles.current().map(TrustBundle::catalogue).orElse(Catalogue.EMPTY);
  }

  /** This terminal's id, as in its certificate. */
  @Override
  public long terminalId() {
    return config.terminalId();
  }

  /** The last journal entry's sequence: it changes with every sale and refund. */
  @Override
  public synchronized long journalSequence() {
    return storage.journal().head().sequence();
  }

  /** Signs the answer to a cabin peer's challenge; empty without a trust bundle. */
  @Override
  public synchronized Optional<CabinHello> answerCabinChallenge(long peerTerminalId, Bytes challenge) {
    return bundles.current().map(bundle -> new CabinHello(config.terminalId(), peerTerminalId, bundle.flightId(),
        challenge, Bytes.empty()).signedBy(terminalKey));
  }

  /** Checks a cabin peer's answer to {@code challenge}, the one this terminal sent it. */
  @Override
  public synchronized Verdict<TerminalCertificate> checkCabinHello(CabinHello hello, Bytes challenge) {
    Optional<TrustBundle> bundle = bundles.current();
    if (!bundle.isPresent()) {
      return Verdict.reject(Reason.BUNDLE_EXPIRED, "no trust bundle installed");
    }
    return CabinRules.checkHello(hello, bundle.get(), config.terminalId(), challenge, now(), config.policy());
  }

  /** Records that a cabin peer was heard now (kept, so that {@link #cabinStatus} sees it from any process). */
  @Override
  public synchronized void notePeerHeard(long peerTerminalId, String address) {
    cabin.notePeerHeard(peerTerminalId, address, now());
  }

  /**
   * How long a cabin peer may stay unheard before it counts as out of contact (default
   * {@link CabinKeeper#DEFAULT_CONTACT_WINDOW}); set it above the sync interval. While a peer is
   * out of contact this terminal takes at most one payment per credential.
   */
  public synchronized void setCabinContactWindow(java.time.Duration window) {
    cabin.setContactWindow(window);
  }

  /**
   * The cabin peers heard, when each was last heard, and the exposure still open: peers not heard
   * within {@code contactWindow} may each accept one more payment of a copied credential.
   */
  public synchronized CabinStatus cabinStatus(java.time.Duration contactWindow) {
    Map<Long, String> addresses = new HashMap<>();
    storage.cabin().peersHeard().forEach(peer -> addresses.put(peer.terminalId(), peer.address()));
    List<CabinStore.PeerHeard> heard = new java.util.ArrayList<>();
    cabin.lastHeard().forEach((id, at) ->
        heard.add(new CabinStore.PeerHeard(id, addresses.getOrDefault(id, "heard by this process"), at)));
    return CabinStatus.of(heard, bundles.current(), config.terminalId(), now(), contactWindow);
  }

  /** Checks the whole journal; see {@link JournalVerifier} for what this can and cannot detect. */
  public synchronized JournalVerification verifyJournal() {
    return verifyJournal(storage.uploads().lastAcknowledgedSequence());
  }

  /**
   * As {@link #verifyJournal()}, and also that entry {@code knownSequence} exists: pass the
   * highest sequence seen elsewhere (a passenger's receipt, the server's acknowledgement).
   */
  public synchronized JournalVerification verifyJournal(long knownSequence) {
    return JournalVerifier.verify(storage.journal(), config.terminalId(), terminalKey.publicKey(), knownSequence);
  }

  private static void require(Object argument, String name) {
    if (argument == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }

  private Instant now() {
    // Every signed time on the wire is whole seconds.
    return clock.instant().truncatedTo(ChronoUnit.SECONDS);
  }

  @Override
  public synchronized void close() {
    storage.close();
  }
}
