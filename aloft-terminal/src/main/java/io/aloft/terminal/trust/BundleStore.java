package io.aloft.terminal.trust;

import io.aloft.protocol.Bytes;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What the terminal keeps from the issuer: the installed trust bundle, exactly as the server
 * served it, and how far the issuer's clock was from the device's when they last spoke.
 */
public interface BundleStore {
  Optional<StoredBundle> installedBundle();

  /** Replaces the installed bundle durably. */
  void saveBundle(StoredBundle bundle);

  /** The issuer's clock minus the device's, as last measured; empty before the first measurement. */
  Optional<Duration> issuerClockOffset();

  /** Replaces the stored offset durably. */
  void saveIssuerClockOffset(Duration offset);

  /** @param encoded the canonical encoding, as served */
  record StoredBundle(Bytes encoded, Instant installedAt) {
    public StoredBundle {
      if (encoded == null || encoded.isEmpty() || installedAt == null) {
        throw new IllegalArgumentException("a stored bundle needs its bytes and install time");
      }
    }
  }
}
