package io.aloft.flight;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One flight's fixed choices: the seed every random choice comes from, how many fly, and where the
 * devices keep their folders. The flight starts at its clock's time: boarding {@link
 * #BOARDING_LEAD} later.
 *
 * @param deviceSalt mixed into device keys only ({@link FlightRandom}): empty on a fresh server,
 *     random on a shared one, where keys must be new each run
 */
public record FlightConfig(long seed, int passengers, int terminals, Path workDir, String deviceSalt) {
  public static final int MIN_PASSENGERS = 3;
  public static final int MAX_PASSENGERS = 2000;
  public static final int MIN_TERMINALS = 2;
  public static final int MAX_TERMINALS = 64;
  public static final Duration BOARDING_LEAD = Duration.ofHours(2);
  public static final Duration FLIGHT_TIME = Duration.ofHours(3);
  /** Enrolment happens in the boarding lead, selling in the first two hours of the flight, however many fly. */
  public static final Duration ENROLMENT_WINDOW = Duration.ofMinutes(90);
  public static final Duration SELLING_WINDOW = Duration.ofHours(2);

  public FlightConfig {
    if (passengers < MIN_PASSENGERS || passengers > MAX_PASSENGERS) {
      throw new IllegalArgumentException("passengers must be " + MIN_PASSENGERS + ".." + MAX_PASSENGERS + ": "
          + passengers);
    }
    if (terminals < MIN_TERMINALS || terminals > MAX_TERMINALS) {
      throw new IllegalArgumentException("terminals must be " + MIN_TERMINALS + ".." + MAX_TERMINALS + ": " + terminals);
    }
    if (workDir == null || deviceSalt == null) {
      throw new IllegalArgumentException("workDir and deviceSalt are required");
    }
  }

  /** The longest pause between two sales, so that every sale of the flight fits the selling window. */
  public Duration maxPauseBetweenSales() {
    // About three sales per passenger and a dozen for the flight's moments.
    return Duration.ofSeconds(Math.max(2, Math.min(160, SELLING_WINDOW.toSeconds() / (3L * passengers + 12))));
  }
}
