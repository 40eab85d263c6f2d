package io.aloft.flight;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What happens on one kind of flight, on the engine's set-up and landing: who flies, how far
 * each device's clock is off, what the cabin does while offline, and what the landing meets.
 * The demo's story is {@link ScriptedStory}; the simulation's draws sales, attacks and faults
 * from its seed. Every hook runs on the flight's thread, and every random choice comes from
 * {@link Aboard#story()} or the story's own seeded stream, so a seed replays.
 */
public interface FlightStory {
  /** Who flies, drawn from the story's stream; by default {@link Cast#passengers}. */
  default List<Cast.PassengerSpec> cast(int count, SplittableRandom story) {
    return Cast.passengers(count, story);
  }

  /** How far the clock of the device labelled {@code label} runs ahead (negative: behind); none by default. */
  default Duration clockSkew(String label) {
    return Duration.ZERO;
  }

  /**
   * How many crew terminals of another flight of the same airline the engine also sets up (none
   * by default): a code of this flight shown there must be refused.
   */
  default int terminalsOnAnotherFlight() {
    return 0;
  }

  /** The flight, offline from the ground, from twenty minutes after departure. */
  void fly(Aboard aboard) throws IOException;

  /** The aircraft is on the ground, before the first upload round. */
  default void landed(Aboard aboard) {}

  /**
   * How many upload rounds the landing may take at most. The landing stops early once every
   * terminal has had each payment answered and every wallet synced after that.
   */
  default int uploadRounds() {
    return 2;
  }

  /** Before upload round {@code round} (from 0): time passes, the network changes. */
  default void beforeUploadRound(int round, Aboard aboard) {}

  /** After upload round {@code round}: say, the server is restarted. */
  default void afterUploadRound(int round, Aboard aboard) {}
}
