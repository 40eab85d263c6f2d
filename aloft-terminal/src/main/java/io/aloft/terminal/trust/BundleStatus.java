package io.aloft.terminal.trust;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The installed trust bundle as a crew app shows it.
 *
 * @param age time since the issuer made the bundle
 * @param acceptsUntil expiry plus the policy's grace: the terminal refuses payments from then on
 */
public record BundleStatus(long bundleVersion, long flightId, String flightCode, Instant issuedAt,
    Instant expiresAt, Instant acceptsUntil, Duration age, State state) {

  /** How close to departure a terminal should last have synced: the gate. */
  public static final Duration GATE_SYNC = Duration.ofMinutes(15);

  /**
   * A warning for the crew when this bundle may be older than the flight's at departure, given
   * the flight's scheduled departure (which the bundle itself does not carry; the app learns it
   * when it syncs). Settlement guarantees a sale only if the terminal's bundle was at least as new
   * as the one current at departure: a sale it lets through that a fresher bundle refuses (a
   * revoked passenger or terminal) is {@code STALE_BUNDLE}, the merchant's loss. Offline, the
   * terminal cannot see newer versions, so it asks for a sync within {@link #GATE_SYNC} of
   * departure: before departure while this bundle is older than that; after departure when it
   * was issued earlier than that.
   */
  public Optional<String> staleWarning(Instant scheduledDeparture, Instant now) {
    if (now.isBefore(scheduledDeparture)) {
      if (issuedAt.isBefore(now.minus(GATE_SYNC))) {
        return Optional.of("this payment list was issued " + minutes(Duration.between(issuedAt, now))
            + " ago: sync again before departure (" + scheduledDeparture + "); sales it accepts that a list"
            + " current at departure refuses are not guaranteed (STALE_BUNDLE)");
      }
      return Optional.empty();
    }
    if (issuedAt.isBefore(scheduledDeparture.minus(GATE_SYNC))) {
      return Optional.of("this payment list was issued " + minutes(Duration.between(issuedAt, scheduledDeparture))
          + " before departure: sales to passengers or with terminals revoked since are not guaranteed"
          + " (STALE_BUNDLE)");
    }
    return Optional.empty();
  }

  private static String minutes(Duration duration) {
    return duration.toMinutes() + " min";
  }

  public enum State {
    /** Before expiry. */
    VALID,
    /** Expired, but inside the policy's grace period: payments are still accepted. */
    IN_GRACE,
    /** Past expiry and grace: every payment is refused with BUNDLE_EXPIRED until a new bundle is installed. */
    EXPIRED
  }
}
