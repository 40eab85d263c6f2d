package io.aloft.terminal.trust;

import java.time.Duration;
import java.time.Instant;

/**
 * The installed trust bundle as a crew app shows it.
 *
 * @param age time since the issuer made the bundle
 * @param acceptsUntil expiry plus the policy's grace: the terminal refuses payments from then on
 */
public record BundleStatus(long bundleVersion, long flightId, String flightCode, Instant issuedAt,
    Instant expiresAt, Instant acceptsUntil, Duration age, State state) {

  public enum State {
    /** Before expiry. */
    VALID,
    /** Expired, but inside the policy's grace period: payments are still accepted. */
    IN_GRACE,
    /** Past expiry and grace: every payment is refused with BUNDLE_EXPIRED until a new bundle is installed. */
    EXPIRED
  }
}
