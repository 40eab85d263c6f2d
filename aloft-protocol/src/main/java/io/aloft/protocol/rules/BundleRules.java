package io.aloft.protocol.rules;

import static io.aloft.protocol.rules.Refusal.refuseIf;

import io.aloft.protocol.anchor.BundleMark;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.TrustBundle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * May a device install this trust bundle? It must be signed by an issuer key the device already
 * trusts (provisioned online, or carried by a bundle it installed before), not be older than the
 * bundle it replaces, be for the same flight, and not have expired.
 */
public final class BundleRules {
  private BundleRules() {}

  public static Verdict<TrustBundle> checkInstall(TrustBundle candidate, Collection<IssuerKey> trustedKeys,
      Optional<TrustBundle> installed, Instant now) {
    try {
      IssuerKey signer = trustedKeys.stream()
          .filter(k -> k.keyId() == candidate.signerKeyId())
          .findFirst()
          .orElseThrow(() -> new Refusal(Reason.UNKNOWN_ISSUER_KEY,
              "bundle signed by issuer key " + candidate.signerKeyId() + ", which this device does not trust"));
      refuseIf(!Signatures.verify(signer.key(), candidate.signingInput(), candidate.signature()),
          Reason.BAD_SIGNATURE, "bundle signature does not verify");
      if (installed.isPresent()) {
        TrustBundle current = installed.get();
        refuseIf(current.flightId() != candidate.flightId(), Reason.WRONG_FLIGHT,
            () -> "bundle is for flight " + candidate.flightId() + ", installed one for " + current.flightId());
        refuseIf(candidate.bundleVersion() < current.bundleVersion(), Reason.BUNDLE_STALE,
            () -> "bundle version " + candidate.bundleVersion() + " is older than installed "
                + current.bundleVersion());
      }
      refuseIf(!now.isBefore(candidate.expiresAt()), Reason.BUNDLE_EXPIRED,
          () -> "bundle expired at " + candidate.expiresAt());
      return Verdict.accept(candidate);
    } catch (Refusal refusal) {
      return refusal.toVerdict();
    }
  }

  /**
   * May a device keep using the bundle its database holds, when it opens? It must be signed by an
   * issuer key the device pinned, or by one carried by the bundle recorded in {@code mark} (the
   * last one it installed, which a trusted key vouched for); and not be older than that record:
   * for the same flight at least the recorded version, for another flight issued after it. So a
   * database edited to hold a bundle of another key, or an older genuine bundle, is refused.
   * Expiry is not checked: an expired bundle stays installed until a newer one replaces it.
   */
  public static Verdict<TrustBundle> checkStored(TrustBundle stored, Collection<IssuerKey> pinnedKeys,
      Optional<BundleMark> mark) {
    try {
      List<IssuerKey> trusted = new ArrayList<>(pinnedKeys);
      mark.ifPresent(m -> trusted.addAll(m.issuerKeys()));
      boolean signed = trusted.stream()
          .filter(k -> k.keyId() == stored.signerKeyId())
          .anyMatch(k -> Signatures.verify(k.key(), stored.signingInput(), stored.signature()));
      refuseIf(!signed, Reason.UNKNOWN_ISSUER_KEY, () -> "the stored bundle is not signed by an issuer key this "
          + "device pinned (signer key id " + stored.signerKeyId() + ")");
      if (mark.isPresent()) {
        BundleMark last = mark.get();
        boolean older = stored.flightId() == last.flightId() ? stored.bundleVersion() < last.bundleVersion()
            : !stored.issuedAt().isAfter(last.issuedAt());
        refuseIf(older, Reason.BUNDLE_STALE, () -> "the stored bundle (flight " + stored.flightId() + " v"
            + stored.bundleVersion() + ") is older than the one last installed (flight " + last.flightId() + " v"
            + last.bundleVersion() + ")");
      }
      return Verdict.accept(stored);
    } catch (Refusal refusal) {
      return refusal.toVerdict();
    }
  }

  /**
   * May a wallet keep {@code credential} with {@code bundle}? Issuer-signed under a key of the
   * bundle, not revoked by it, and for the bundle's flight. Time is not checked: a wallet enrols
   * before its credential becomes valid, and the spend rules check validity at each payment.
   */
  public static Verdict<OfflineCredential> checkCredential(OfflineCredential credential, TrustBundle bundle) {
    try {
      CredentialChecks.checkIssuerSignature(credential, bundle);
      refuseIf(bundle.isRevoked(credential.serial()), Reason.CREDENTIAL_REVOKED,
          () -> "credential " + credential.serial() + " is revoked");
      refuseIf(credential.flightId() != bundle.flightId(), Reason.WRONG_FLIGHT,
          () -> "credential is for flight " + credential.flightId() + ", bundle for " + bundle.flightId());
      return Verdict.accept(credential);
    } catch (Refusal refusal) {
      return refusal.toVerdict();
    }
  }
}
