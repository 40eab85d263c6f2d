package io.aloft.protocol.rules;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The payments of one credential a verifier has already accepted, by counter. A terminal holds
 * what it journaled; the server holds what it settled from every terminal. Immutable, except a
 * {@link #viewOf view}, which follows the map its owner keeps.
 */
public final class CredentialHistory {
  private static final CredentialHistory EMPTY = new CredentialHistory(new TreeMap<>());

  private final NavigableMap<Long, SeenPayment> byCounter;
  private final long spendElsewhereMinor;

  private CredentialHistory(NavigableMap<Long, SeenPayment> byCounter) {
    this(byCounter, 0);
  }

  private CredentialHistory(NavigableMap<Long, SeenPayment> byCounter, long spendElsewhereMinor) {
    this.byCounter = byCounter;
    this.spendElsewhereMinor = spendElsewhereMinor;
  }

  /**
   * This history, knowing of {@code elsewhereMinor} accepted in payments that are not in it
   * because their counter is already held: another content under it (a cloned wallet paying at
   * another cart), or the same code accepted at another cart too. See {@link #spentMinor()}.
   */
  public CredentialHistory withSpendElsewhere(long elsewhereMinor) {
    if (elsewhereMinor < 0) {
      throw new IllegalArgumentException("spend elsewhere must not be negative: " + elsewhereMinor);
    }
    return new CredentialHistory(byCounter, elsewhereMinor);
  }

  public static CredentialHistory empty() {
    return EMPTY;
  }

  /** IllegalArgumentException if two payments share a counter. */
  public static CredentialHistory of(Collection<SeenPayment> payments) {
    TreeMap<Long, SeenPayment> map = new TreeMap<>();
    for (SeenPayment payment : payments) {
      if (map.put(payment.counter(), payment) != null) {
        throw new IllegalArgumentException("two payments with counter " + payment.counter());
      }
    }
    return new CredentialHistory(map);
  }

  /**
   * A read-only history backed by {@code byCounter}, not a copy: it sees every payment the owner
   * adds later. For a verifier that keeps one credential's history in step while it settles many
   * of its payments (the server, under the credential's lock), where building a fresh history for
   * each payment would cost time quadratic in the credential's payments. The owner must not change
   * the map while a check on the view runs; the view itself cannot change it.
   */
  public static CredentialHistory viewOf(NavigableMap<Long, SeenPayment> byCounter) {
    if (byCounter == null) {
      throw new IllegalArgumentException("byCounter must not be null");
    }
    return new CredentialHistory(Collections.unmodifiableNavigableMap(byCounter));
  }

  public CredentialHistory with(SeenPayment payment) {
    if (byCounter.containsKey(payment.counter())) {
      throw new IllegalArgumentException("counter " + payment.counter() + " already seen");
    }
    TreeMap<Long, SeenPayment> copy = new TreeMap<>(byCounter);
    copy.put(payment.counter(), payment);
    return new CredentialHistory(copy);
  }

  public boolean contains(long counter) {
    return byCounter.containsKey(counter);
  }

  public Optional<SeenPayment> at(long counter) {
    return Optional.ofNullable(byCounter.get(counter));
  }

  /** The seen payment with the largest counter below {@code counter}. */
  public Optional<SeenPayment> before(long counter) {
    return Optional.ofNullable(byCounter.lowerEntry(counter)).map(Map.Entry::getValue);
  }

  /** The seen payment with the smallest counter above {@code counter}. */
  public Optional<SeenPayment> after(long counter) {
    return Optional.ofNullable(byCounter.higherEntry(counter)).map(Map.Entry::getValue);
  }

  public int size() {
    return byCounter.size();
  }

  /**
   * What merchants are known to have accepted of the credential: the signed charges of every
   * payment in this history and of those accepted elsewhere. One wallet signs each charge into
   * its cumulative spend and each code is accepted once, so an honest payer's payments never add
   * up to more than the total limit; more than that is the spend of copies or replays.
   */
  public long spentMinor() {
    long sum = spendElsewhereMinor;
    for (SeenPayment payment : byCounter.values()) {
      sum = Math.addExact(sum, payment.signedChargeMinor());
    }
    return sum;
  }

  /** The highest cumulative spend seen, 0 if none. */
  public long highestCumulativeMinor() {
    return byCounter.values().stream().mapToLong(SeenPayment::cumulativeMinor).max().orElse(0);
  }
}
