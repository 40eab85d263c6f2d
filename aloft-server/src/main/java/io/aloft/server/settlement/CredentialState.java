package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.rules.CredentialHistory;
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
  }

  public void replace(SettledPayment payment) {
    if (byCounter.put(payment.id().counter(), payment) == null) {
      throw new IllegalStateException("payment " + payment.id() + " replaced before it settled");
    }
  }

  /** The sum of settled payments' signed charges, in the credential's currency. */
  public long settledSignedTotalMinor() {
    return settledSignedTotalMinor;
  }

  /** What every terminal together has settled: the server's view. */
  public CredentialHistory global() {
    return CredentialHistory.of(byCounter.values().stream().map(SettledPayment::asSeen).toList());
  }

  /** What one terminal accepted of this credential: the view that terminal decided with. */
  public CredentialHistory ofTerminal(long terminalId) {
    return CredentialHistory.of(byCounter.values().stream()
        .filter(p -> p.terminalId() == terminalId).map(SettledPayment::asSeen).toList());
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
