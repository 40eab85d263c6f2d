package io.aloft.protocol.rules;

import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CabinDigest.Credential;
import io.aloft.protocol.message.CabinDigest.Payment;
import io.aloft.protocol.message.CredentialSerial;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the terminals of a cabin have accepted, per credential and per accepting terminal: the
 * merge of their {@link CabinDigest}s. Immutable.
 *
 * <p>The merge is a join: idempotent, commutative and associative, so digests may arrive twice,
 * late, or in any order, and every terminal that received the same digests holds the same view.
 * Per (credential, terminal) it is the union of the payments, keyed by (counter, content digest),
 * keeping the {@value CabinDigest#MAX_PAYMENTS_PER_CREDENTIAL} highest keys, and the highest
 * cumulative spend of any. Two payments with one key but other amounts (which only a lying
 * terminal could sign) merge to the one with the larger cumulative, then charge.
 *
 * <p>Bounds: per (credential, terminal) as in a digest; at most one entry per credential of the
 * digests merged and terminal of the bundle.
 */
public final class CabinView {
  private static final CabinView EMPTY = new CabinView(Map.of());

  private final Map<CredentialSerial, Map<Long, Credential>> bySerial;

  private CabinView(Map<CredentialSerial, Map<Long, Credential>> bySerial) {
    this.bySerial = bySerial;
  }

  public static CabinView empty() {
    return EMPTY;
  }

  public static CabinView of(CabinDigest digest) {
    Map<CredentialSerial, Map<Long, Credential>> map = new HashMap<>();
    digest.credentials().forEach(c -> map.put(c.serial(), Map.of(digest.terminalId(), c)));
    return new CabinView(Collections.unmodifiableMap(map));
  }

  public CabinView merge(CabinDigest digest) {
    return merge(of(digest));
  }

  public CabinView merge(CabinView other) {
    if (other.bySerial.isEmpty()) {
      return this;
    }
    Map<CredentialSerial, Map<Long, Credential>> map = new HashMap<>(bySerial);
    other.bySerial.forEach((serial, byTerminal) -> map.merge(serial, byTerminal, (mine, theirs) -> {
      Map<Long, Credential> joined = new HashMap<>(mine);
      theirs.forEach((terminal, credential) -> joined.merge(terminal, credential, CabinView::merge));
      return Collections.unmodifiableMap(joined);
    }));
    return new CabinView(Collections.unmodifiableMap(map));
  }

  /** The join of two views of one credential. */
  static Credential merge(Credential a, Credential b) {
    if (!a.serial().equals(b.serial())) {
      throw new IllegalArgumentException("cannot merge " + a.serial() + " with " + b.serial());
    }
    TreeMap<Payment, Payment> union = new TreeMap<>();
    for (Payment payment : a.payments()) {
      union.put(payment, payment);
    }
    for (Payment payment : b.payments()) {
      union.merge(payment, payment, CabinView::larger);
    }
    while (union.size() > CabinDigest.MAX_PAYMENTS_PER_CREDENTIAL) {
      union.pollFirstEntry();
    }
    return new Credential(a.serial(), Math.max(a.highestCumulativeMinor(), b.highestCumulativeMinor()),
        new ArrayList<>(union.values()));
  }

  /** Of two payments with one key, the one with the larger cumulative, then the larger charge. */
  private static Payment larger(Payment x, Payment y) {
    if (x.cumulativeMinor() != y.cumulativeMinor()) {
      return x.cumulativeMinor() > y.cumulativeMinor() ? x : y;
    }
    return x.signedChargeMinor() >= y.signedChargeMinor() ? x : y;
  }

  /** What each terminal accepted of {@code serial}, by terminal id; empty if none did. */
  public Map<Long, Credential> byTerminal(CredentialSerial serial) {
    return bySerial.getOrDefault(serial, Map.of());
  }

  /** The highest cumulative spend any terminal saw signed for {@code serial}, 0 if none. */
  public long highestCumulativeMinor(CredentialSerial serial) {
    return byTerminal(serial).values().stream().mapToLong(Credential::highestCumulativeMinor).max().orElse(0);
  }

  /** The credentials some terminal accepted a payment of. */
  public Collection<CredentialSerial> serials() {
    return Collections.unmodifiableSet(bySerial.keySet());
  }

  public int size() {
    return bySerial.size();
  }

  /**
   * The history {@link PaymentRules} checks at a terminal: its own journaled payments of the
   * credential ({@code local}), joined with what the other terminals accepted.
   *
   * <ul>
   *   <li>A counter another terminal accepted joins the history, so it is a replay here too.
   *   <li>Every acceptance counts toward the credential's spend, wherever it happened: a second
   *       content under a counter already held (a cloned wallet paying at two carts) and the same
   *       code accepted at two carts (a screenshot) each cost a merchant payment. So spend at
   *       other carts counts toward the total limit, and what copies can take in all stays within
   *       the total limit plus what carts accept before they hear of each other.
   * </ul>
   */
  public CredentialHistory historyOf(CredentialSerial serial, Collection<SeenPayment> local) {
    Map<Long, Credential> cabin = byTerminal(serial);
    if (cabin.isEmpty()) {
      return CredentialHistory.of(local);
    }
    TreeMap<Long, SeenPayment> byCounter = new TreeMap<>();
    long acceptedMinor = 0;
    for (SeenPayment payment : local) {
      byCounter.put(payment.counter(), payment);
      acceptedMinor += payment.signedChargeMinor();
    }
    for (Credential credential : cabin.values()) {
      for (Payment payment : credential.payments()) {
        acceptedMinor += payment.signedChargeMinor();
        byCounter.putIfAbsent(payment.counter(),
            new SeenPayment(payment.counter(), payment.cumulativeMinor(), payment.signedChargeMinor()));
      }
    }
    long inHistory = byCounter.values().stream().mapToLong(SeenPayment::signedChargeMinor).sum();
    return CredentialHistory.of(byCounter.values()).withSpendElsewhere(acceptedMinor - inHistory);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CabinView that && bySerial.equals(that.bySerial);
  }

  @Override
  public int hashCode() {
    return bySerial.hashCode();
  }

  @Override
  public String toString() {
    return "CabinView[" + bySerial.size() + " credentials]";
  }
}
