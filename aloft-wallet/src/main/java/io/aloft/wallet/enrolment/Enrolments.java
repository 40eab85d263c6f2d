package io.aloft.wallet.enrolment;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.client.IssuerClock;
import io.aloft.protocol.anchor.BundleMark;
import io.aloft.protocol.anchor.BundleMarkStore;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.EnrolmentProof;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.rules.BundleRules;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.keys.KeyProvider;
import io.aloft.wallet.keys.KeyUnavailableException;
import io.aloft.wallet.store.WalletStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Getting and keeping what the wallet needs offline: a credential for a device key and the
 * flight's trust bundle. Nothing the issuer sends is stored before the protocol's bundle and
 * credential rules accept it, against issuer keys the app pinned (and, for a newer bundle of the
 * same flight, the keys of the bundle installed before). Each installed bundle is then recorded in
 * the {@link BundleMarkStore}, after the store holds it.
 *
 * <p>Each enrolment makes a new device key, proves to the issuer that it holds it by signing the
 * issuer's challenge ({@link EnrolmentProof}), and gets a credential with a new random serial: codes
 * on different flights share neither key nor serial. An issued credential is stored before its
 * bundle is fetched, so enrolling again on the same flight resumes with it rather than asking for
 * a second one. A key is deleted once its credential has expired and none of its bills is pending
 * ({@link #forgetSpentKeys}), and straight away when the issuer refused it.
 */
public final class Enrolments {
  private final WalletStore store;
  private final BundleMarkStore marks;
  private final KeyProvider keys;
  private final IssuerClient issuer;
  private final List<IssuerKey> pinnedIssuerKeys;
  private final SignatureAlgorithm deviceAlgorithm;
  private final IssuerClock clock;

  /** @param clock the wallet's clock; every answer of the issuer corrects it (see {@link IssuerClock}) */
  public Enrolments(WalletStore store, BundleMarkStore marks, KeyProvider keys, IssuerClient issuer,
      List<IssuerKey> pinnedIssuerKeys, SignatureAlgorithm deviceAlgorithm, IssuerClock clock) {
    this.store = store;
    this.marks = marks;
    this.keys = keys;
    this.issuer = issuer;
    this.pinnedIssuerKeys = List.copyOf(pinnedIssuerKeys);
    this.deviceAlgorithm = deviceAlgorithm;
    this.clock = clock;
  }

  /**
   * Online: gets a credential for {@code flightId} (the one already stored for the flight, or a
   * new one for a new key) and the flight's bundle, checks them, and makes them the active
   * enrolment.
   */
  public Verdict<Enrolment> enrol(long flightId, Optional<Enrolment> current) throws IssuerException {
    Optional<OfflineCredential> stored = usableCredential(flightId);
    Verdict<OfflineCredential> issued = stored.isPresent() ? Verdict.accept(stored.get()) : issueForNewKey(flightId);
    if (!issued.isAccepted()) {
      return issued.rejection();
    }
    OfflineCredential credential = issued.value();
    TrustBundle bundle = issuer.fetchBundle(flightId);
    recordIssuerTime();
    if (bundle.flightId() != flightId) {
      return Verdict.reject(Reason.WRONG_FLIGHT,
          "asked for flight " + flightId + "'s bundle, got flight " + bundle.flightId() + "'s");
    }
    return install(credential, bundle, credential.deviceKey(), current);
  }

  /** A stored credential for the flight that is still valid and whose key this device holds. */
  private Optional<OfflineCredential> usableCredential(long flightId) {
    Instant now = clock.instant();
    for (OfflineCredential credential : store.credentials()) {
      if (credential.flightId() == flightId && now.isBefore(credential.validUntil()) && holdsKey(credential)) {
        return Optional.of(credential);
      }
    }
    return Optional.empty();
  }

  private boolean holdsKey(OfflineCredential credential) {
    try {
      return keys.signer(credential.deviceKey()).publicKey().equals(credential.deviceKey());
    } catch (KeyUnavailableException | RuntimeException e) {
      return false;
    }
  }

  /**
   * A new key, proved to the issuer with its challenge, and the credential issued for it, stored.
   * If no credential comes back, the key is deleted again.
   */
  private Verdict<OfflineCredential> issueForNewKey(long flightId) throws IssuerException {
    Bytes challenge = issuer.enrolmentChallenge(flightId);
    VerificationKey deviceKey;
    Signer signer;
    try {
      deviceKey = keys.create(deviceAlgorithm);
      signer = keys.signer(deviceKey);
    } catch (KeyUnavailableException e) {
      return Verdict.reject(Reason.KEY_UNAVAILABLE, e.getMessage());
    }
    boolean issued = false;
    try {
      Verdict<EnrolmentProof> proof = prove(challenge, flightId, signer);
      if (!proof.isAccepted()) {
        return proof.rejection();
      }
      OfflineCredential credential = issuer.enrol(proof.value());
      store.saveIssued(credential);
      issued = true;
      return Verdict.accept(credential);
    } finally {
      if (!issued) {
        deleteQuietly(deviceKey);
      }
    }
  }

  private static Verdict<EnrolmentProof> prove(Bytes challenge, long flightId, Signer signer) {
    try {
      return Verdict.accept(EnrolmentProof.sign(challenge, flightId, signer));
    } catch (RuntimeException e) {
      // A hardware key store can refuse to sign at any moment (user cancelled): fail closed.
      return Verdict.reject(Reason.KEY_UNAVAILABLE, "signing the enrolment proof failed: " + e);
    }
  }

  /**
   * Deletes the device keys of credentials that have expired and have no pending bill: nothing
   * will ever be signed with them again, and nothing left needs them. A key that cannot be
   * deleted now is tried again next time.
   */
  public void forgetSpentKeys() {
    Instant now = clock.instant();
    for (OfflineCredential credential : store.credentials()) {
      if (!now.isBefore(credential.validUntil()) && store.pendingCount(credential.serial()) == 0) {
        deleteQuietly(credential.deviceKey());
      }
    }
  }

  private void deleteQuietly(VerificationKey deviceKey) {
    try {
      keys.delete(deviceKey);
    } catch (KeyUnavailableException | RuntimeException e) {
      // Kept for now; forgetSpentKeys tries again on the next sync.
    }
  }

  /** Online: installs the flight's newest bundle (new revocations, terminals and FX rates). */
  public Verdict<Enrolment> refreshBundle(Enrolment current) throws IssuerException {
    TrustBundle bundle = issuer.fetchBundle(current.credential().flightId());
    recordIssuerTime();
    return BundleRules.checkInstall(bundle, trustedKeys(Optional.of(current.bundle())),
        Optional.of(current.bundle()), clock.instant()).map(installed -> {
          store.saveBundle(bundle);
          marks.write(BundleMark.of(bundle));
          return new Enrolment(current.credential(), bundle);
        });
  }

  /** Checks {@code credential} and {@code bundle} together and makes them the active enrolment. */
  public Verdict<Enrolment> install(OfflineCredential credential, TrustBundle bundle, VerificationKey deviceKey,
      Optional<Enrolment> current) {
    Optional<TrustBundle> sameFlight = current.map(Enrolment::bundle).filter(b -> b.flightId() == bundle.flightId());
    Verdict<?> checked = BundleRules.checkInstall(bundle, trustedKeys(sameFlight), sameFlight, clock.instant())
        .flatMap(installed -> BundleRules.checkCredential(credential, bundle));
    if (!checked.isAccepted()) {
      return checked.rejection();
    }
    if (!credential.deviceKey().equals(deviceKey)) {
      return Verdict.reject(Reason.WRONG_DEVICE_KEY,
          "credential " + credential.serial() + " names key " + credential.deviceKey() + ", device has " + deviceKey);
    }
    store.saveEnrolment(credential, bundle);
    marks.write(BundleMark.of(bundle));
    return Verdict.accept(new Enrolment(credential, bundle));
  }

  /** Corrects the wallet's clock by the issuer's time of the answer just received, and stores the offset. */
  private void recordIssuerTime() {
    issuer.lastIssuerTime().ifPresent(issuerTime -> store.saveIssuerClockOffset(clock.recordIssuerTime(issuerTime)));
  }

  private List<IssuerKey> trustedKeys(Optional<TrustBundle> installed) {
    List<IssuerKey> trusted = new ArrayList<>(pinnedIssuerKeys);
    installed.ifPresent(b -> trusted.addAll(b.issuerKeys()));
    return trusted;
  }
}
