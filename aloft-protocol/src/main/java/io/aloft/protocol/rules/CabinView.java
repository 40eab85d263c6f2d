package io.aloft.protocol.rules;

import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CabinDigest.Credential;
import io.aloft.protocol.message.CabinDigest.Payment;
import io.aloft.protocol.message.CredentialSerial;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the terminals of a cabin together have accepted, per credential: the merge of their
 * {@link CabinDigest}s. Immutable.
 *
 * <p>The merge is a join: idempotent, commutative and associative, so digests may arrive twice,
 * late, or in any order, through any peer, and every terminal that received the same digests
 * holds the same view. Per credential it is the union of the payments, keyed by (counter,
 * content digest), keeping the {@value CabinDigest#MAX_PAYMENTS_PER_CREDENTIAL} highest keys, and
 * the highest cumulative spend of any. Two payments with one key but other amounts (which only a
 * lying terminal could sign) merge to the one with the larger cumulative, then charge.
 *
 * <p>Bounds: per credential as in a digest; the number of credentials is at most the number of
 * distinct credentials in the digests merged.
 */
public final class CabinView {
  private static final CabinView EMPTY = new CabinView(Map.of());

  private final Map<CredentialSerial, Credential> bySerial;

  private CabinView(Map<CredentialSerial, Credential> bySerial) {
    this.bySerial = bySerial;
  }

  public static CabinView empty() {
    return EMPTY;
  }

  public static CabinView of(CabinDigest digest) {
    Map<CredentialSerial, Credential> map = new HashMap<>();
    digest.credentials().forEach(c -> map.put(c.serial(), c));
    return new CabinView(Collections.unmodifiableMap(map));
  }

  public CabinView merge(CabinDigest digest) {
    return merge(of(digest));
  }

  public CabinView merge(CabinView other) {
    if (other.bySerial.isEmpty()) {
      return this;
    }
    Map<CredentialSerial, Credential> map = new HashMap<>(bySerial);
    other.bySerial.forEach((serial, credential) -> map.merge(serial, credential, CabinView::merge));
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

  public Optional<Credential> credential(CredentialSerial serial) {
    return Optional.ofNullable(bySerial.get(serial));
  }

  public Collection<Credential> credentials() {
    return Collections.unmodifiableCollection(bySerial.values());
  }

  public int size() {
    return bySerial.size();
  }

  /**
   * The history {@link PaymentRules} checks at a terminal: its own journaled payments of the
   * credential ({@code local}, with their content digests in {@code localDigests} by counter),
   * joined with what the rest of the cabin accepted.
   *
   * <ul>
   *   <li>A counter another terminal accepted joins the history, so it is a replay here too.
   *   <li>An authorization this terminal journaled itself (a screenshot shown twice) counts once.
   *   <li>A second content under a counter already in the history (a cloned wallet paying at two
   *       carts) cannot join it, but its charge counts toward the credential's spend: spend at
   *       other carts counts toward the total limit.
   * </ul>
   */
  public CredentialHistory historyOf(CredentialSerial serial, Collection<SeenPayment> local,
      Map<Long, io.aloft.protocol.Bytes> localDigests) {
    CredentialHistory own = CredentialHistory.of(local);
    Credential cabin = bySerial.get(serial);
    if (cabin == null) {
      return own;
    }
    TreeMap<Long, SeenPayment> byCounter = new TreeMap<>();
    local.forEach(p -> byCounter.put(p.counter(), p));
    long elsewhereMinor = 0;
    List<Payment> sorted = new ArrayList<>(cabin.payments());
    for (Payment payment : sorted) {
      io.aloft.protocol.Bytes mine = localDigests.get(payment.counter());
      if (mine != null && mine.equals(payment.contentDigest())) {
        continue;
      }
      if (byCounter.containsKey(payment.counter())) {
        elsewhereMinor += payment.signedChargeMinor();
      } else {
        byCounter.put(payment.counter(),
            new SeenPayment(payment.counter(), payment.cumulativeMinor(), payment.signedChargeMinor()));
      }
    }
    return CredentialHistory.of(byCounter.values()).withSpendElsewhere(elsewhereMinor);
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
