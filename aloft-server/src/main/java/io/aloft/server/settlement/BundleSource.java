package io.aloft.server.settlement;

import io.aloft.protocol.message.TrustBundle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The trust bundles the issuer signed for a flight, by version: what terminals could have held. */
public interface BundleSource {
  /** The stored bundle of {@code version}; empty when the issuer never signed that version. */
  Optional<TrustBundle> version(long flightId, long version);

  /** The newest version issued for the flight at {@code at}: all a terminal could have held then. */
  long versionAt(long flightId, long airlineId, Instant at);

  /** When the issuer revoked terminal {@code terminalId}, if it did by {@code at}. */
  Optional<Instant> terminalRevokedAt(long flightId, long airlineId, long terminalId, Instant at);

  /**
   * Forgets what is cached about the flight's versions, so the next {@link #versionAt} reads them
   * again; called before a second try when the version current at acceptance refused for a reason
   * a newer version could change.
   * Returns whether anything was forgotten (false: a second try would see the same).
   */
  default boolean refresh(long flightId) {
    return false;
  }
}
