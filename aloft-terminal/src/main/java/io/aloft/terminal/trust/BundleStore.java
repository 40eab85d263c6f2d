package io.aloft.terminal.trust;

import io.aloft.protocol.Bytes;
import java.time.Instant;
import java.util.Optional;

/** Where the installed trust bundle is kept, exactly as the server served it. */
public interface BundleStore {
  Optional<StoredBundle> installedBundle();

  /** Replaces the installed bundle durably. */
  void saveBundle(StoredBundle bundle);

  /** @param encoded the canonical encoding, as served */
  record StoredBundle(Bytes encoded, Instant installedAt) {
    public StoredBundle {
      if (encoded == null || encoded.isEmpty() || installedAt == null) {
        throw new IllegalArgumentException("a stored bundle needs its bytes and install time");
      }
    }
  }
}
