package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.rules.CredentialHistory;
import io.aloft.protocol.rules.SeenPayment;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Everything settled so far for one credential, read under its row lock and updated as one
 * upload's items settle, so that two payments of the same credential in one upload see each other.
 */
public final class CredentialState {
  private final StoredCredential credential;
  private final TreeMap<Long, SettledPayment> byCounter = new TreeMap<>();
  /**
   * The histories the rules judge with, kept in step with {@link #byCounter} as payments are added
   * (and served as views), so that deciding each of a credential's payments in one upload does not
   * rebuild its whole history: that was quadratic in the credential's settled payments.
   */
  private final TreeMap<Long, SeenPayment> seen = new TreeMap<>();
  private final Map<Long, TreeMap<Long, SeenPayment>> seenByTerminal = new HashMap<>();
  /** Refund note digests by (counter, refund sequence). */
  private final Map<Long, Map<Long, Bytes>> refunds = new HashMap<>();
  private long settledSignedTotalMinor;
  private boolean revokedNow;

  public CredentialState(StoredCredential credential) {
    this.credential = credential;
  }

  public StoredCredential credential() {
    return credential;
  }

  public CredentialSerial serial() {
    return credential.credential().serial();
  }

  public Optional<SettledPayment> at(long counter) {
    return Optional.ofNullable(byCounter.get(counter));
  }

  public void add(SettledPayment payment) {
    if (byCounter.putIfAbsent(payment.id().counter(), payment) != null) {
      throw new IllegalStateException("payment " + payment.id() + " settled twice in memory");
    }
    settledSignedTotalMinor = Math.addExact(settledSignedTotalMinor, payment.signedChargeMinor());
    SeenPayment asSeen = payment.asSeen();
    seen.put(asSeen.counter(), asSeen);
    seenByTerminal.computeIfAbsent(payment.terminalId(), t -> new TreeMap<>()).put(asSeen.counter(), asSeen);
  }

  /** Replaces a settled payment by itself with more refunded: what the history rules see does not change. */
  public void replace(SettledPayment payment) {
    SettledPayment before = byCounter.put(payment.id().counter(), payment);
    if (before == null) {
      throw new IllegalStateException("payment " + payment.id() + " replaced before it settled");
    }
    if (!before.asSeen().equals(payment.asSeen()) || before.terminalId() != payment.terminalId()) {
      throw new IllegalStateException("payment " + payment.id() + " replaced by a different payment");
    }
  }

  /** The sum of settled payments' signed charges, in the credential's currency. */
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

  public Optional<Bytes> refund(long counter, long refundSequence) {
    return Optional.ofNullable(refunds.getOrDefault(counter, Map.of()).get(refundSequence));
  }

  public void addRefund(long counter, long refundSequence, Bytes noteDigest) {
    refunds.computeIfAbsent(counter, c -> new HashMap<>()).put(refundSequence, noteDigest);
  }

  public boolean revokedNow() {
    return revokedNow;
  }

  public void revokeNow() {
    revokedNow = true;
  }
}
