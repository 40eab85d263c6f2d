package io.aloft.protocol.rules;

import java.time.Duration;

/**
 * The knobs of offline acceptance, set by the merchant's configuration.
 *
 * @param maxClockSkew how far a code's time may be from the verifier's clock, either way.
 *     Phones and crew devices drift offline; 15 minutes by default.
 * @param bundleExpiryGrace how long after its trust bundle expires a terminal still accepts.
 *     {@link Duration#ZERO} refuses at once. The default, 12 hours, lets a delayed flight finish
 *     its sales; the provider carries that bounded risk because every other limit still holds,
 *     and revocations issued after the bundle cannot reach the plane anyway.
 */
public record AcceptancePolicy(Duration maxClockSkew, Duration bundleExpiryGrace) {
  public static final AcceptancePolicy DEFAULT =
      new AcceptancePolicy(Duration.ofMinutes(15), Duration.ofHours(12));

  public AcceptancePolicy {
    if (maxClockSkew == null || maxClockSkew.isNegative()
        || bundleExpiryGrace == null || bundleExpiryGrace.isNegative()) {
      throw new IllegalArgumentException("policy durations must be present and not negative");
    }
  }
}
