package io.aloft.server.settlement;

import io.aloft.protocol.message.TrustBundle;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The trust bundles the issuer signed for a flight, by version: what terminals could have held. */
public interface BundleSource {
  /** The stored bundle of {@code version}; empty when the issuer never signed that version. */
  Optional<TrustBundle> version(long flightId, long version);

  /**
   * Stored versions a terminal could have held at {@code at}: the one current then first, then
   * older ones, newest first, at most {@code max}.
   */
  List<Long> candidates(long flightId, long airlineId, Instant at, int max);

  /**
   * Forgets what is cached about the flight's versions, so the next {@link #candidates} reads them
   * again; called before a second try when every candidate refused for a bundle-dependent reason.
   * Returns whether anything was forgotten (false: a second try would see the same).
   */
  default boolean refresh(long flightId) {
    return false;
  }
}
