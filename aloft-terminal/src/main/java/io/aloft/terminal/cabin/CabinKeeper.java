package io.aloft.terminal.cabin;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.rules.AcceptancePolicy;
import io.aloft.protocol.rules.CabinRules;
import io.aloft.protocol.rules.CabinView;
import io.aloft.protocol.rules.CredentialHistory;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.cabin.CabinStore.StoredDigest;
import io.aloft.terminal.journal.EntryKind;
import io.aloft.terminal.journal.Journal;
import io.aloft.terminal.journal.JournalEntry;
import io.aloft.terminal.journal.JournalHead;
import io.aloft.terminal.trust.BundleKeeper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The terminal's side of cabin sync: what the other terminals of the flight accepted, merged
 * into the history the payment rules check, and this terminal's own digest for them.
 *
 * <ul>
 *   <li>A received digest is merged only if {@link CabinRules#checkDigest} admits it under the
 *       current trust bundle. It is kept durably before it counts, and every kept digest is
 *       verified again when read back (on open, and whenever the bundle changes, since a newer
 *       bundle may revoke its sender).
 *   <li>Kept digests are bounded: a digest that covers an older one of the same terminal replaces
 *       it, and at most {@value #MAX_KEPT_PER_PEER} are kept per peer (the oldest go first).
 *   <li>Digests change only the acceptance history: they are never journaled as payments and
 *       never uploaded.
 * </ul>
 * Several processes may share the database (a crew app and the {@code aloft terminal cabin}
 * daemon): every read first picks up the journal entries and digests the others wrote.
 * Not thread-safe; the terminal serialises calls.
 */
public final class CabinKeeper {
  public static final int MAX_KEPT_PER_PEER = 64;
  /** A peer not heard for longer than this is out of contact (peers push at least every sync interval). */
  public static final Duration DEFAULT_CONTACT_WINDOW = Duration.ofMinutes(2);
  /** How stale the kept "last heard" time may get before it is written again: each write is durable. */
  private static final Duration HEARD_WRITE_EVERY = Duration.ofSeconds(30);
  private static final int PAGE = 512;

  private final long terminalId;
  private final Signer terminalKey;
  private final Journal journal;
  private final CabinStore store;
  private final BundleKeeper bundles;
  private final AcceptancePolicy policy;

  /** This terminal's own payments by credential, ordered by (counter, content). */
  private final Map<CredentialSerial, TreeMap<CabinDigest.Payment, CabinDigest.Payment>> own = new HashMap<>();
  /** The journal sequence at which each credential was last paid here: recent ones go first in a digest. */
  private final Map<CredentialSerial, Long> lastPaidAt = new HashMap<>();
  private long ownReadUpTo;

  private final Map<Long, List<StoredDigest>> keptByPeer = new HashMap<>();
  private CabinView peers = CabinView.empty();
  private long digestsReadUpTo;
  /** The bundle the merged digests were verified under; compared by identity, as the keeper replaces it. */
  private TrustBundle verifiedUnder;

  private Duration contactWindow = DEFAULT_CONTACT_WINDOW;
  /** When each peer was last heard by this process; the store has what any process heard. */
  private final Map<Long, Instant> heard = new HashMap<>();
  private final Map<Long, Instant> heardWritten = new HashMap<>();
  /** When this terminal last accepted a payment of each credential (journal time). */
  private final Map<CredentialSerial, Instant> lastPaidTime = new HashMap<>();

  public CabinKeeper(long terminalId, Signer terminalKey, Journal journal, CabinStore store, BundleKeeper bundles,
      AcceptancePolicy policy) {
    this.terminalId = terminalId;
    this.terminalKey = terminalKey;
    this.journal = journal;
    this.store = store;
    this.bundles = bundles;
    this.policy = policy;
  }

  /**
   * Checks a digest received from the cabin network and, when admitted and new, keeps it
   * durably and merges it. A digest that adds nothing to what was merged is accepted and not kept.
   */
  public Verdict<CabinDigest> receive(byte[] encoded, Instant now) {
    CabinDigest digest;
    try {
      digest = CabinDigest.decode(encoded);
    } catch (DecodeException e) {
      return Verdict.reject(e.failure() == DecodeFailure.UNKNOWN_TYPE ? Reason.WRONG_KIND : Reason.MALFORMED,
          "cabin digest: " + e.getMessage());
    }
    Optional<TrustBundle> bundle = bundles.current();
    if (!bundle.isPresent()) {
      return Verdict.reject(Reason.BUNDLE_EXPIRED, "no trust bundle installed");
    }
    Verdict<CabinDigest> verdict = CabinRules.checkDigest(digest, bundle.get(), terminalId, now, policy);
    if (!verdict.isAccepted()) {
      return verdict;
    }
    refreshPeers(now);
    CabinView merged = peers.merge(digest);
    if (merged.equals(peers)) {
      return verdict;
    }
    keep(digest, Bytes.of(encoded), now);
    peers = merged;
    return verdict;
  }

  private void keep(CabinDigest digest, Bytes encoded, Instant now) {
    List<StoredDigest> kept = keptByPeer.computeIfAbsent(digest.terminalId(), id -> new ArrayList<>());
    CabinView newer = CabinView.of(digest);
    List<Long> superseded = new ArrayList<>();
    for (StoredDigest old : kept) {
      CabinDigest oldDigest = decodeKept(old);
      if (oldDigest.journalSequence() <= digest.journalSequence() && newer.merge(oldDigest).equals(newer)) {
        superseded.add(old.id());
      }
    }
    int over = kept.size() - superseded.size() + 1 - MAX_KEPT_PER_PEER;
    for (int i = 0; i < kept.size() && over > 0; i++) {
      if (!superseded.contains(kept.get(i).id())) {
        superseded.add(kept.get(i).id());
        over--;
      }
    }
    store.saveDigest(digest.terminalId(), encoded, now, superseded);
    kept.removeIf(d -> superseded.contains(d.id()));
  }

  /** The history the payment rules check for {@code serial}: this journal's and the cabin's. */
  public CredentialHistory history(CredentialSerial serial, Instant now) {
    refreshPeers(now);
    return peers.historyOf(serial, journal.seenPayments(serial));
  }

  public void setContactWindow(Duration window) {
    if (window == null || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("contact window must be positive: " + window);
    }
    contactWindow = window;
  }

  public Duration contactWindow() {
    return contactWindow;
  }

  /** Records that a peer was heard; written durably at most every few seconds per peer. */
  public void notePeerHeard(long peerTerminalId, String address, Instant now) {
    heard.merge(peerTerminalId, now, (a, b) -> a.isAfter(b) ? a : b);
    Instant written = heardWritten.get(peerTerminalId);
    if (written == null || !now.isBefore(written.plus(HEARD_WRITE_EVERY))) {
      store.notePeerHeard(peerTerminalId, address, now);
      heardWritten.put(peerTerminalId, now);
    }
  }

  /** When each peer was last heard, by this process or (as kept) by another on the same database. */
  public Map<Long, Instant> lastHeard() {
    Map<Long, Instant> all = new HashMap<>(heard);
    for (CabinStore.PeerHeard peer : store.peersHeard()) {
      all.merge(peer.terminalId(), peer.lastHeard(), (a, b) -> a.isAfter(b) ? a : b);
    }
    return all;
  }

  /**
   * Empty, or why this payment of {@code serial} must wait for the cabin: while a peer this
   * terminal has synced with is out of contact (not heard within the contact window), it takes at
   * most one payment per credential, so that carts cut off from each other add at most one
   * per-payment limit each to what a copied credential can cost. A terminal that never heard a
   * peer (no cabin sync) is not limited.
   */
  public Optional<String> outOfContactLimit(CredentialSerial serial, Instant now) {
    Optional<TrustBundle> bundle = bundles.current();
    if (!bundle.isPresent()) {
      return Optional.empty();
    }
    Instant lostSince = null;
    long lostPeer = 0;
    for (Map.Entry<Long, Instant> peer : lastHeard().entrySet()) {
      boolean certified = bundle.get().terminal(peer.getKey()).isPresent()
          && !bundle.get().isTerminalRevoked(peer.getKey());
      if (certified && peer.getValue().plus(contactWindow).isBefore(now)
          && (lostSince == null || peer.getValue().isBefore(lostSince))) {
        lostSince = peer.getValue();
        lostPeer = peer.getKey();
      }
    }
    if (lostSince == null) {
      return Optional.empty();
    }
    refreshOwn();
    Instant paid = lastPaidTime.get(serial);
    if (paid == null || !paid.isAfter(lostSince)) {
      return Optional.empty();
    }
    return Optional.of("out of contact with terminal " + lostPeer + " since " + lostSince + ", and " + serial
        + " already paid here at " + paid + ": one payment per passenger until the cabin is back in contact");
  }

  /** What the other terminals accepted, as merged here. */
  public CabinView peerView(Instant now) {
    refreshPeers(now);
    return peers;
  }

  /**
   * This terminal's digest: the credentials paid here most recently first (at most
   * {@value CabinDigest#MAX_CREDENTIALS}), each with its highest counters; empty without a bundle.
   */
  public Optional<CabinDigest> ownDigest(Instant now) {
    Optional<TrustBundle> bundle = bundles.current();
    if (!bundle.isPresent()) {
      return Optional.empty();
    }
    refreshOwn();
    JournalHead head = journal.head();
    List<CredentialSerial> recentFirst = new ArrayList<>(own.keySet());
    recentFirst.sort(Comparator.comparing((CredentialSerial s) -> lastPaidAt.get(s)).reversed());
    List<CabinDigest.Credential> credentials = new ArrayList<>();
    for (CredentialSerial serial : recentFirst.subList(0, Math.min(recentFirst.size(), CabinDigest.MAX_CREDENTIALS))) {
      List<CabinDigest.Payment> all = new ArrayList<>(own.get(serial).keySet());
      long highest = all.stream().mapToLong(CabinDigest.Payment::cumulativeMinor).max().getAsLong();
      List<CabinDigest.Payment> top =
          all.subList(Math.max(0, all.size() - CabinDigest.MAX_PAYMENTS_PER_CREDENTIAL), all.size());
      credentials.add(new CabinDigest.Credential(serial, highest, top));
    }
    return Optional.of(new CabinDigest(terminalId, bundle.get().flightId(), now, head.sequence(), head.hash(),
        credentials, Bytes.empty()).signedBy(terminalKey));
  }

  /** Reads the journal entries written since the last read (here or by another process). */
  private void refreshOwn() {
    while (true) {
      List<JournalEntry> page = journal.read(ownReadUpTo + 1, PAGE);
      for (JournalEntry entry : page) {
        if (entry.kind() == EntryKind.PAYMENT) {
          CabinDigest.Payment payment = new CabinDigest.Payment(entry.paymentId().counter(),
              entry.receipt().authorizationDigest(), entry.cumulativeMinor(), entry.signedChargeMinor());
          CredentialSerial serial = entry.paymentId().serial();
          own.computeIfAbsent(serial, s -> new TreeMap<>()).put(payment, payment);
          lastPaidAt.put(serial, entry.sequence());
          lastPaidTime.merge(serial, entry.at(), (a, b) -> a.isAfter(b) ? a : b);
        }
        ownReadUpTo = entry.sequence();
      }
      if (page.size() < PAGE) {
        return;
      }
    }
  }

  /**
   * Merges the digests kept since the last read. Under another bundle than the one they were
   * verified under, every kept digest is verified again from the start.
   */
  private void refreshPeers(Instant now) {
    Optional<TrustBundle> bundle = bundles.current();
    if (bundle.orElse(null) != verifiedUnder) {
      peers = CabinView.empty();
      keptByPeer.clear();
      digestsReadUpTo = 0;
      verifiedUnder = bundle.orElse(null);
    }
    if (!bundle.isPresent()) {
      return;
    }
    while (true) {
      List<StoredDigest> page = store.digestsAfter(digestsReadUpTo, PAGE);
      for (StoredDigest stored : page) {
        CabinDigest digest = decodeKept(stored);
        // Kept under an earlier bundle, or by another process: only what the current one admits counts.
        if (CabinRules.checkDigest(digest, bundle.get(), terminalId, now, policy).isAccepted()) {
          peers = peers.merge(digest);
          keptByPeer.computeIfAbsent(stored.originTerminalId(), id -> new ArrayList<>()).add(stored);
        }
        digestsReadUpTo = stored.id();
      }
      if (page.size() < PAGE) {
        return;
      }
    }
  }

  /** A kept digest that no longer decodes is a corrupt database: our own broken invariant. */
  private static CabinDigest decodeKept(StoredDigest stored) {
    try {
      CabinDigest digest = CabinDigest.decode(stored.encoded().toByteArray());
      if (digest.terminalId() != stored.originTerminalId()) {
        throw new IllegalStateException("kept cabin digest " + stored.id() + " names terminal " + digest.terminalId());
      }
      return digest;
    } catch (DecodeException e) {
      throw new IllegalStateException("kept cabin digest " + stored.id() + " does not decode", e);
    }
  }
}
