package io.aloft.wallet;

import io.aloft.protocol.client.IssuerClock;
import io.aloft.protocol.anchor.BundleMark;
import io.aloft.protocol.anchor.BundleMarkStore;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.qr.QrText;
import io.aloft.protocol.rules.AcceptancePolicy;
import io.aloft.protocol.rules.BundleRules;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.bills.Notes;
import io.aloft.wallet.enrolment.Enrolment;
import io.aloft.wallet.enrolment.Enrolments;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.keys.KeyProvider;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.HandshakeOffer;
import io.aloft.wallet.pay.IssuedCode;
import io.aloft.wallet.pay.Payments;
import io.aloft.wallet.status.OfflineStatus;
import io.aloft.wallet.store.WalletStore;
import io.aloft.wallet.sync.SyncReport;
import io.aloft.wallet.sync.Synchronizer;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The passenger's wallet: what an app calls. Online before boarding, {@link #enrol}; in flight,
 * offline, {@link #readRequest} and {@link #confirm} (handshake) or {@link #payAmount} and
 * {@link #payUpTo} (one scan), {@link #scanReceipt}, {@link #scanRefund}, {@link #offlineStatus};
 * online after landing, {@link #sync}, which also deletes the device keys of credentials that have
 * expired with nothing pending.
 *
 * <p>Every payment method returns a code only after its counter, cumulative spend and bill are
 * durable in the {@link WalletStore}, and never signs beyond the credential's limits.
 *
 * <p>Every expected outcome is a {@link Verdict}, as in the terminal SDK: accepted with a value, or
 * rejected with a protocol {@link Reason} and a detail for logs; {@link RefusalReason#of(Reason)}
 * words the reason for the passenger. Exceptions mean a caller bug (IllegalArgumentException), an
 * issuer that could not be reached or answered badly ({@link IssuerException}), broken storage
 * ({@link io.aloft.protocol.sqlite.StorageException}: nothing was signed or committed), or an
 * edited store (IllegalStateException). Calls are serialized; one Wallet per store.
 */
public final class Wallet {
  /**
   * @param pinnedIssuerKeys the issuer keys the app ships with; bundles must be signed by one of
   *     them or by a key of the bundle installed before
   * @param deviceAlgorithm for a new device key: ECDSA P-256 unless the key store holds Ed25519
   */
  public record Config(List<IssuerKey> pinnedIssuerKeys, SignatureAlgorithm deviceAlgorithm, AcceptancePolicy policy) {
    public Config {
      if (pinnedIssuerKeys == null || pinnedIssuerKeys.isEmpty() || deviceAlgorithm == null || policy == null) {
        throw new IllegalArgumentException("config needs pinned issuer keys, a device algorithm and a policy");
      }
      pinnedIssuerKeys = List.copyOf(pinnedIssuerKeys);
    }

    public static Config of(List<IssuerKey> pinnedIssuerKeys) {
      return new Config(pinnedIssuerKeys, SignatureAlgorithm.ECDSA_P256, AcceptancePolicy.DEFAULT);
    }
  }

  private final WalletStore store;
  private final IssuerClock clock;
  private final Enrolments enrolments;
  private final Payments payments;
  private final Synchronizer synchronizer;
  private Optional<Enrolment> enrolment;

  /**
   * As {@link #open(Config, WalletStore, BundleMarkStore, KeyProvider, IssuerClient, Clock)} with
   * {@link BundleMarkStore#inMemory()}: the stored bundle is checked against the pinned keys at
   * open, but a rollback is noticed only within this run.
   */
  public static Wallet open(Config config, WalletStore store, KeyProvider keys, IssuerClient issuer, Clock clock) {
    return open(config, store, BundleMarkStore.inMemory(), keys, issuer, clock);
  }

  /**
   * Opens a wallet over {@code store}; the caller keeps ownership of the store and closes it.
   * {@code marks} records each installed bundle outside the store (an app passes a place its
   * database cannot overwrite); the stored bundle must pass {@link BundleRules#checkStored}
   * against the pinned keys and that record.
   *
   * {@code clock} is the device's own: the wallet reads it corrected by the offset from the
   * issuer's clock it measured at its last enrolment or bundle refresh (see {@link IssuerClock}).
   *
   * @throws IllegalStateException when the stored bundle is refused (an edited or rolled-back store)
   */
  public static Wallet open(Config config, WalletStore store, BundleMarkStore marks, KeyProvider keys,
      IssuerClient issuer, Clock clock) {
    return new Wallet(config, store, marks, keys, issuer, clock);
  }

  private Wallet(Config config, WalletStore store, BundleMarkStore marks, KeyProvider keys, IssuerClient issuer,
      Clock clock) {
    this.store = store;
    this.clock = new IssuerClock(clock, store.issuerClockOffset().orElse(java.time.Duration.ZERO));
    this.enrolments = new Enrolments(store, marks, keys, issuer, config.pinnedIssuerKeys(), config.deviceAlgorithm(),
        this.clock);
    this.payments = new Payments(store, keys, this.clock, config.policy());
    this.synchronizer = new Synchronizer(store, issuer);
    Optional<TrustBundle> bundle = checkedBundle(store.bundle(), config.pinnedIssuerKeys(), marks);
    this.enrolment = store.activeCredential().flatMap(c -> bundle.map(b -> new Enrolment(c, b)));
  }

  /** The stored bundle if it passes the pinned keys and the record; a newer one (a crash between writes) is recorded. */
  private static Optional<TrustBundle> checkedBundle(Optional<TrustBundle> stored, List<IssuerKey> pinned,
      BundleMarkStore marks) {
    Optional<BundleMark> mark = marks.read();
    if (!stored.isPresent()) {
      if (mark.isPresent()) {
        throw new IllegalStateException("the wallet installed bundle v" + mark.get().bundleVersion() + " of flight "
            + mark.get().flightId() + " but its store holds none: the store was replaced or edited");
      }
      return Optional.empty();
    }
    Verdict<TrustBundle> verdict = BundleRules.checkStored(stored.get(), pinned, mark);
    if (verdict instanceof Verdict.Rejected<TrustBundle> refused) {
      throw new IllegalStateException("the trust bundle in the wallet's store is refused: " + refused.reason() + ": "
          + refused.detail() + "; the store was edited or rolled back");
    }
    if (!mark.equals(Optional.of(BundleMark.of(stored.get())))) {
      marks.write(BundleMark.of(stored.get()));
    }
    return stored;
  }

  /**
   * Online: gets a credential for {@code flightId}, for a new device key that the wallet proves it
   * holds, and the flight's trust bundle (without the manifest of co-passengers). Enrolling again
   * on the same flight keeps the credential already held.
   */
  public synchronized Verdict<Enrolment> enrol(long flightId) throws IssuerException {
    Verdict<Enrolment> enrolled = enrolments.enrol(flightId, enrolment);
    if (enrolled.isAccepted()) {
      enrolment = Optional.of(enrolled.value());
      enrolments.forgetSpentKeys();
    }
    return enrolled;
  }

  /** Online: installs the newest trust bundle for the enrolled flight. */
  public synchronized Verdict<Enrolment> refreshBundle() throws IssuerException {
    if (!enrolment.isPresent()) {
      return notEnrolled();
    }
    Verdict<Enrolment> refreshed = enrolments.refreshBundle(enrolment.get());
    if (refreshed.isAccepted()) {
      enrolment = Optional.of(refreshed.value());
    }
    return refreshed;
  }

  public synchronized Optional<Enrolment> enrolment() {
    return enrolment;
  }

  /**
   * The airline's catalogue in the installed bundle, as the issuer signed it: what the crew sells,
   * and the names ({@link Catalogue#forLine}) in both languages of a request's line items. Empty
   * before enrolment or when the airline has set none.
   */
  public synchronized Catalogue catalogue() {
    return enrolment.map(e -> e.bundle().catalogue()).orElse(Catalogue.EMPTY);
  }

  /** Handshake, step 1: checks a scanned payment request and says who asks for how much. */
  public synchronized Verdict<HandshakeOffer> readRequest(String scannedText) {
    return enrolled().flatMap(e -> payments.offer(scannedText, e));
  }

  /** Handshake, step 2: the passenger confirmed; returns the authorization to show. */
  public synchronized Verdict<IssuedCode> confirm(HandshakeOffer offer) {
    return confirm(offer, CodeForm.AUTO);
  }

  public synchronized Verdict<IssuedCode> confirm(HandshakeOffer offer, CodeForm form) {
    return enrolled().flatMap(e -> payments.confirm(offer, e, form));
  }

  /** One scan: a code for exactly {@code amount}, which the passenger entered. */
  public synchronized Verdict<IssuedCode> payAmount(Money amount, CodeForm form) {
    return enrolled().flatMap(e -> payments.oneScan(amount, false, form, e));
  }

  /** One scan: a code the terminal may charge up to {@code cap}; the whole cap counts as spent. */
  public synchronized Verdict<IssuedCode> payUpTo(Money cap, CodeForm form) {
    return enrolled().flatMap(e -> payments.oneScan(cap, true, form, e));
  }

  /**
   * The code to show now for a one-scan payment not yet known to be paid: the same code while it
   * is fresh, else the same payment signed again at the current time. See
   * {@link Payments#refresh} for why this costs no counter and no allowance, and what it means
   * for the older code.
   */
  public synchronized Verdict<IssuedCode> refreshCode(PaymentId paymentId) {
    return enrolled().flatMap(e -> payments.refresh(paymentId, e));
  }

  /** The issuer's clock minus the device's, as last measured; zero before the first enrolment. */
  public synchronized java.time.Duration issuerClockOffset() {
    return clock.offset();
  }

  /** Keeps a terminal's receipt with its bill, after checking it against the bundle. */
  public synchronized Verdict<Bill> scanReceipt(String scannedText) {
    return decode(scannedText, Receipt::decode).flatMap(receipt ->
        changeBill(receipt.paymentId(), (bill, bundle) -> Notes.withReceipt(bill, receipt, bundle)));
  }

  /** Keeps a terminal's refund note with its bill; a refund of everything charged marks it REFUNDED. */
  public synchronized Verdict<Bill> scanRefund(String scannedText) {
    return decode(scannedText, RefundNote::decode).flatMap(note ->
        changeBill(note.paymentId(), (bill, bundle) -> Notes.withRefund(bill, note, bundle)));
  }

  private interface BillChange {
    Verdict<Bill> apply(Bill bill, TrustBundle bundle);
  }

  private Verdict<Bill> changeBill(PaymentId id, BillChange change) {
    if (!enrolment.isPresent()) {
      return notEnrolled();
    }
    Optional<Bill> bill = store.bill(id);
    if (!bill.isPresent()) {
      return Verdict.reject(Reason.UNKNOWN_PAYMENT, "no bill " + id);
    }
    Verdict<Bill> changed = change.apply(bill.get(), enrolment.get().bundle());
    if (changed.isAccepted()) {
      store.updateBill(changed.value());
    }
    return changed;
  }

  /** The most recent bills first. */
  public synchronized List<Bill> bills(int limit) {
    return store.recentBills(limit);
  }

  public synchronized Optional<Bill> bill(PaymentId id) {
    return store.bill(id);
  }

  public synchronized OfflineStatus offlineStatus() {
    Optional<io.aloft.protocol.message.OfflineCredential> credential = enrolment.map(Enrolment::credential);
    return OfflineStatus.of(credential,
        credential.map(c -> store.spendState(c.serial())).orElse(io.aloft.wallet.store.SpendState.NONE),
        store.pendingSummary(), clock.instant());
  }

  /**
   * Online: uploads pending bills and applies their outcomes. The offline allowance that settling
   * restores comes with the next enrolment, not with the sync.
   */
  public synchronized SyncReport sync() throws IssuerException {
    SyncReport report = synchronizer.sync();
    enrolments.forgetSpentKeys();
    return report;
  }

  private Verdict<Enrolment> enrolled() {
    return enrolment.isPresent() ? Verdict.accept(enrolment.get()) : notEnrolled();
  }

  private static <T> Verdict<T> notEnrolled() {
    return Verdict.reject(Reason.NOT_ENROLLED, "no credential stored");
  }

  private interface Decoder<T> {
    T decode(byte[] encoded) throws DecodeException;
  }

  private static <T> Verdict<T> decode(String text, Decoder<T> decoder) {
    try {
      return Verdict.accept(decoder.decode(QrText.decode(text)));
    } catch (DecodeException e) {
      return Verdict.reject(Reason.MALFORMED, e.getMessage());
    }
  }
}
