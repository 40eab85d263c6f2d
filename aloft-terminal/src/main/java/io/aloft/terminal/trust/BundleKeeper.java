package io.aloft.terminal.trust;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.anchor.BundleMark;
import io.aloft.protocol.anchor.BundleMarkStore;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.rules.AcceptancePolicy;
import io.aloft.protocol.rules.BundleRules;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.terminal.trust.BundleStore.StoredBundle;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Installs and keeps the terminal's trust bundle.
 *
 * <p>A bundle is installed when {@link BundleRules#checkInstall} allows it: signed by an issuer
 * key the terminal trusts (provisioned, or carried by the installed bundle, which lets keys
 * rotate), not older than the installed one, for the same flight, not expired. Two terminal
 * rules come on top:
 * <ul>
 *   <li>a bundle for another flight replaces the installed one only once the installed one is
 *       past expiry plus grace (its flight is over); before that it is refused as WRONG_FLIGHT;
 *   <li>a bundle that certifies another key for this terminal id is refused as UNKNOWN_TERMINAL:
 *       receipts signed by this device would not verify under it.
 * </ul>
 * A bundle that no longer lists this terminal, or revokes it, is installed: refusing it would
 * keep an older bundle that still lets the terminal sell. Payments are then refused.
 *
 * <p>Each install is also recorded outside the database ({@link BundleMarkStore}). At open, the
 * stored bundle must pass {@link BundleRules#checkStored} against the provisioned keys and that
 * record, so a {@code terminal.db} edited to carry another trust anchor, or rolled back to an older
 * genuine bundle, is refused (an {@link IllegalStateException}; nothing can be sold).
 */
public final class BundleKeeper {
  private final BundleStore store;
  private final List<IssuerKey> provisionedKeys;
  private final long terminalId;
  private final VerificationKey terminalKey;
  private final AcceptancePolicy policy;
  private final BundleMarkStore marks;
  private Optional<TrustBundle> current;

  public BundleKeeper(BundleStore store, List<IssuerKey> provisionedKeys, long terminalId,
      VerificationKey terminalKey, AcceptancePolicy policy, BundleMarkStore marks) {
    this.store = store;
    this.provisionedKeys = List.copyOf(provisionedKeys);
    this.terminalId = terminalId;
    this.terminalKey = terminalKey;
    this.policy = policy;
    this.marks = marks;
    this.current = readBack(store.installedBundle(), marks.read());
  }

  /**
   * The stored bundle, checked against the provisioned keys and the record of the last install;
   * a stored bundle newer than that record (a crash came between the two writes) is recorded.
   */
  private Optional<TrustBundle> readBack(Optional<StoredBundle> stored, Optional<BundleMark> mark) {
    if (!stored.isPresent()) {
      if (mark.isPresent()) {
        throw new IllegalStateException("the terminal installed bundle v" + mark.get().bundleVersion() + " of flight "
            + mark.get().flightId() + " but its database holds none: the database was replaced or edited");
      }
      return Optional.empty();
    }
    TrustBundle bundle;
    try {
      bundle = TrustBundle.decode(stored.get().encoded().toByteArray());
    } catch (DecodeException e) {
      throw new IllegalStateException("the stored trust bundle does not decode", e);
    }
    Verdict<TrustBundle> verdict = BundleRules.checkStored(bundle, provisionedKeys, mark);
    if (verdict instanceof Verdict.Rejected<TrustBundle> refused) {
      throw new IllegalStateException("the trust bundle in the terminal's database is refused: " + refused.reason()
          + ": " + refused.detail() + "; the database was edited or rolled back");
    }
    if (!mark.equals(Optional.of(BundleMark.of(bundle)))) {
      marks.write(BundleMark.of(bundle));
    }
    return Optional.of(bundle);
  }

  public Optional<TrustBundle> current() {
    return current;
  }

  public Verdict<TrustBundle> install(byte[] encoded, Instant now) {
    TrustBundle candidate;
    try {
      candidate = TrustBundle.decode(encoded);
    } catch (DecodeException e) {
      return Verdict.reject(e.failure() == DecodeFailure.UNKNOWN_TYPE ? Reason.WRONG_KIND : Reason.MALFORMED,
          "trust bundle: " + e.getMessage());
    }
    Optional<TrustBundle> replaced = current.filter(installed ->
        installed.flightId() == candidate.flightId() || now.isBefore(acceptsUntil(installed)));
    Verdict<TrustBundle> verdict = BundleRules.checkInstall(candidate, trustedKeys(), replaced, now);
    if (verdict.isAccepted() && candidate.terminal(terminalId)
        .filter(certificate -> !certificate.terminalKey().equals(terminalKey)).isPresent()) {
      return Verdict.reject(Reason.UNKNOWN_TERMINAL,
          "the bundle certifies another key for terminal " + terminalId + " than this device holds");
    }
    if (verdict.isAccepted()) {
      store.saveBundle(new StoredBundle(Bytes.of(encoded), now));
      marks.write(BundleMark.of(candidate));
      current = Optional.of(candidate);
    }
    return verdict;
  }

  private List<IssuerKey> trustedKeys() {
    List<IssuerKey> keys = new ArrayList<>(provisionedKeys);
    current.ifPresent(installed -> keys.addAll(installed.issuerKeys()));
    return keys;
  }

  private Instant acceptsUntil(TrustBundle bundle) {
    return bundle.expiresAt().plus(policy.bundleExpiryGrace());
  }

  public Optional<BundleStatus> status(Instant now) {
    return current.map(bundle -> {
      Instant until = acceptsUntil(bundle);
      BundleStatus.State state = now.isBefore(bundle.expiresAt()) ? BundleStatus.State.VALID
          : now.isBefore(until) ? BundleStatus.State.IN_GRACE : BundleStatus.State.EXPIRED;
      return new BundleStatus(bundle.bundleVersion(), bundle.flightId(), bundle.flightCode(), bundle.issuedAt(),
          bundle.expiresAt(), until, Duration.between(bundle.issuedAt(), now), state);
    });
  }
}
