package io.aloft.wallet.enrolment;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.rules.BundleRules;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.WalletRefusal;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.keys.KeyProvider;
import io.aloft.wallet.keys.KeyUnavailableException;
import io.aloft.wallet.store.WalletStore;
import io.aloft.protocol.client.IssuerClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Getting and keeping what the wallet needs offline: a credential for the device key and the
 * flight's trust bundle. Nothing the issuer sends is stored before the protocol's bundle and
 * credential rules accept it, against issuer keys the app pinned (and, for a newer bundle of the
 * same flight, the keys of the bundle installed before).
 */
public final class Enrolments {
  private final WalletStore store;
  private final KeyProvider keys;
  private final IssuerClient issuer;
  private final List<IssuerKey> pinnedIssuerKeys;
  private final SignatureAlgorithm deviceAlgorithm;
  private final IssuerClock clock;

  /** @param clock the wallet's clock; every answer of the issuer corrects it (see {@link IssuerClock}) */
  public Enrolments(WalletStore store, KeyProvider keys, IssuerClient issuer, List<IssuerKey> pinnedIssuerKeys,
      SignatureAlgorithm deviceAlgorithm, IssuerClock clock) {
    this.store = store;
    this.keys = keys;
    this.issuer = issuer;
    this.pinnedIssuerKeys = List.copyOf(pinnedIssuerKeys);
    this.deviceAlgorithm = deviceAlgorithm;
    this.clock = clock;
  }

  /** Online: asks for a credential for {@code flightId} and the flight's bundle, checks, stores. */
  public Enrolment enrol(long flightId, Optional<Enrolment> current) throws IssuerException, WalletRefusal {
    VerificationKey deviceKey;
    try {
      deviceKey = keys.createOrLoad(deviceAlgorithm);
    } catch (KeyUnavailableException e) {
      throw new WalletRefusal(RefusalReason.KEY_UNAVAILABLE, e.getMessage());
    }
    OfflineCredential credential = issuer.enrol(flightId, deviceKey);
    TrustBundle bundle = issuer.fetchBundle(flightId);
    recordIssuerTime();
    if (bundle.flightId() != flightId) {
      throw new WalletRefusal(RefusalReason.OTHER_FLIGHT,
          "asked for flight " + flightId + "'s bundle, got flight " + bundle.flightId() + "'s");
    }
    return install(credential, bundle, deviceKey, current);
  }

  /** Online: installs the flight's newest bundle (new revocations, terminals and FX rates). */
  public Enrolment refreshBundle(Enrolment current) throws IssuerException, WalletRefusal {
    TrustBundle bundle = issuer.fetchBundle(current.credential().flightId());
    recordIssuerTime();
    WalletRefusal.require(BundleRules.checkInstall(bundle, trustedKeys(Optional.of(current.bundle())),
        Optional.of(current.bundle()), clock.instant()));
    store.saveBundle(bundle);
    return new Enrolment(current.credential(), bundle);
  }

  /** Checks {@code credential} and {@code bundle} together and makes them the active enrolment. */
  public Enrolment install(OfflineCredential credential, TrustBundle bundle, VerificationKey deviceKey,
      Optional<Enrolment> current) throws WalletRefusal {
    Optional<TrustBundle> sameFlight = current.map(Enrolment::bundle).filter(b -> b.flightId() == bundle.flightId());
    WalletRefusal.require(BundleRules.checkInstall(bundle, trustedKeys(sameFlight), sameFlight, clock.instant()));
    WalletRefusal.require(BundleRules.checkCredential(credential, bundle));
    if (!credential.deviceKey().equals(deviceKey)) {
      throw new WalletRefusal(RefusalReason.WRONG_DEVICE_KEY,
          "credential " + credential.serial() + " names key " + credential.deviceKey() + ", device has " + deviceKey);
    }
    store.saveEnrolment(credential, bundle);
    return new Enrolment(credential, bundle);
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
