package io.aloft.flight;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Every random source of the simulation, derived from the one seed: the story's choices, and the
 * devices' key generation and nonces. Device keys made this way are predictable by design; they
 * exist only for a throwaway simulated flight.
 */
public final class FlightRandom {
  private final long seed;
  private final String deviceSalt;

  /**
   * @param deviceSalt mixed into device randomness only: empty on a fresh server of the flight's own, so
   *     that keys repeat with the seed; random on a shared server, where keys must be new each run
   */
  public FlightRandom(long seed, String deviceSalt) {
    this.seed = seed;
    this.deviceSalt = deviceSalt;
  }

  /** The story's choices: who buys what, where, in what order. */
  public SplittableRandom story() {
    return new SplittableRandom(seed);
  }

  /** A deterministic SecureRandom for one device, named by {@code label}. */
  public SecureRandom forDevice(String label) {
    try {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      // Seeding before the first output replaces the system entropy entirely: same seed, same bytes.
      random.setSeed((seed + ":" + deviceSalt + ":" + label).getBytes(StandardCharsets.UTF_8));
      return random;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA1PRNG is required of every Java platform", e);
    }
  }
}
