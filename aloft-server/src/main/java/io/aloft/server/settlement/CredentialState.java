package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.rules.CredentialHistory;
import io.aloft.protocol.rules.SeenPayment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything settled so far for one credential, read under its row lock and updated as one
 * upload's items settle, so that two payments of the same credential in one upload see each other.
 * A counter may hold several acceptances: the same authorization at several terminals (a replayed
 * code), or different contents at different terminals (a double spend); at most one per terminal.
 */
public final class CredentialState {
  private final StoredCredential credential;
  private final TreeMap<Long, List<SettledPayment>> byCounter = new TreeMap<>();
  /**
   * The histories the rules judge with, kept in step with {@link #byCounter} as payments are added
   * (and served as views), so that deciding each of a credential's payments in one upload does not
   * rebuild its whole history, which would be quadratic in the credential's settled payments. The
   * global view holds the first content seen under each counter; a second content under one
   * counter is a double spend whatever else the history says.
   */
  private final TreeMap<Long, SeenPayment> seen = new TreeMap<>();
  private final Map<Long, TreeMap<Long, SeenPayment>> seenByTerminal = new HashMap<>();
  /** Refund note digests by (counter, terminal, refund sequence). */
  private final Map<String, Bytes> refunds = new HashMap<>();
  /** Counters the settlement window closed on with no merchant record (rejections NO_MERCHANT_RECORD). */
  private final Set<Long> windowClosed = new HashSet<>();
  private long settledSignedTotalMinor;
  private boolean revokedNow;
  private boolean doubleSpentNow;

  public CredentialState(StoredCredential credential) {
    this.credential = credential;
  }

  public StoredCredential credential() {
    return credential;
  }

  public CredentialSerial serial() {
    return credential.credential().serial();
  }

  /** Every acceptance settled under {@code counter}, in the order they were added. */
  public List<SettledPayment> at(long counter) {
    return byCounter.getOrDefault(counter, List.of());
  }

  /** The acceptance of {@code terminalId} under {@code counter}. */
  public Optional<SettledPayment> at(long counter, long terminalId) {
    return at(counter).stream().filter(p -> p.terminalId() == terminalId).findFirst();
  }

  public void add(SettledPayment payment) {
    long counter = payment.id().counter();
    List<SettledPayment> here = byCounter.computeIfAbsent(counter, c -> new ArrayList<>());
    boolean newAuthorization = true;
    for (SettledPayment other : here) {
      if (other.terminalId() == payment.terminalId()) {
        throw new IllegalStateException("payment " + payment.id() + " of terminal " + payment.terminalId()
            + " settled twice in memory");
      }
      newAuthorization &= !other.contentDigest().equals(payment.contentDigest());
    }
    here.add(payment);
    if (newAuthorization) {
      settledSignedTotalMinor = Math.addExact(settledSignedTotalMinor, payment.signedChargeMinor());
    }
    SeenPayment asSeen = payment.asSeen();
    seen.putIfAbsent(asSeen.counter(), asSeen);
    seenByTerminal.computeIfAbsent(payment.terminalId(), t -> new TreeMap<>()).put(asSeen.counter(), asSeen);
  }

  /**
   * Replaces a settled acceptance by itself with another charge, refund or funding: what the
   * history rules see does not change.
   */
  public void replace(SettledPayment payment) {
    List<SettledPayment> here = byCounter.getOrDefault(payment.id().counter(), List.of());
    for (int i = 0; i < here.size(); i++) {
      SettledPayment before = here.get(i);
      if (before.terminalId() == payment.terminalId()) {
        if (!before.asSeen().equals(payment.asSeen()) || !before.contentDigest().equals(payment.contentDigest())) {
          throw new IllegalStateException("payment " + payment.id() + " replaced by a different payment");
        }
        here.set(i, payment);
        return;
      }
    }
    throw new IllegalStateException("payment " + payment.id() + " replaced before it settled");
  }

  /** The sum of the signed charges of the distinct authorizations settled, in the credential's currency. */
  public long settledSignedTotalMinor() {
    return settledSignedTotalMinor;
  }

  /** What every terminal together has settled: the server's view. */
  public CredentialHistory global() {
    return CredentialHistory.viewOf(seen);
  }

  /** What one terminal accepted of this credential: the view that terminal decided with. */
  public CredentialHistory ofTerminal(long terminalId) {
    TreeMap<Long, SeenPayment> ofTerminal = seenByTerminal.get(terminalId);
    return ofTerminal == null ? CredentialHistory.empty() : CredentialHistory.viewOf(ofTerminal);
  }

  public Optional<Bytes> refund(long counter, long terminalId, long refundSequence) {
    return Optional.ofNullable(refunds.get(counter + ":" + terminalId + ":" + refundSequence));
  }

  public void addRefund(long counter, long terminalId, long refundSequence, Bytes noteDigest) {
    refunds.put(counter + ":" + terminalId + ":" + refundSequence, noteDigest);
  }

  /** Whether the settlement window closed on {@code counter}: nothing settles under it any more. */
  public boolean windowClosedOn(long counter) {
    return windowClosed.contains(counter);
  }

  /** Records that the window closed on {@code counter}, as read from storage or decided in this run. */
  public void closeWindowOn(long counter) {
    windowClosed.add(counter);
  }

  public boolean revokedNow() {
    return revokedNow;
  }

  public void revokeNow() {
    revokedNow = true;
  }

  /** Whether this run has already raised the credential's double spend. */
  public boolean doubleSpentNow() {
    return doubleSpentNow;
  }

  public void doubleSpendNow() {
    doubleSpentNow = true;
  }
}
