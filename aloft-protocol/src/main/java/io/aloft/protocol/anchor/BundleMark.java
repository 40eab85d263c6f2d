package io.aloft.protocol.anchor;

import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.TrustBundle;
import java.time.Instant;
import java.util.List;

/**
 * The newest trust bundle a device installed, as recorded outside its database: its flight,
 * version and issue time, and the issuer keys it carried (a key the device trusted vouched for them
 * by signing that bundle). At open, the bundle in the database is checked against this record, so
 * a database edited to hold another key's bundle, or an older genuine one, is refused
 * ({@link io.aloft.protocol.rules.BundleRules#checkStored}).
 */
public record BundleMark(long flightId, long bundleVersion, Instant issuedAt, List<IssuerKey> issuerKeys) {
  /** A bundle carries at most 16 issuer keys. */
  public static final int MAX_ISSUER_KEYS = 16;

  public BundleMark {
    if (flightId < 0 || bundleVersion < 0 || issuedAt == null || issuerKeys == null
        || issuerKeys.size() > MAX_ISSUER_KEYS) {
      throw new IllegalArgumentException("a bundle mark needs a flight, a version, an issue time and at most "
          + MAX_ISSUER_KEYS + " issuer keys");
    }
    issuerKeys = List.copyOf(issuerKeys);
  }

  public static BundleMark of(TrustBundle bundle) {
    return new BundleMark(bundle.flightId(), bundle.bundleVersion(), bundle.issuedAt(), bundle.issuerKeys());
  }
}
