package io.aloft.simulation.flight;

import io.aloft.flight.Aboard;
import io.aloft.flight.Cast;
import io.aloft.flight.FlightConfig;
import io.aloft.flight.FlightStory;
import io.aloft.server.http.Idempotency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulation's story on the flight engine: who flies and how far their clocks are off, drawn
 * from the seed; the flight's seeded sales, attacks, restarts and clones ({@link InFlight}); and a
 * landing that meets the {@link FaultPlan}'s faults. A dishonest terminal first tries receipts that
 * charge more than was signed ({@link DishonestUpload}); then uploads repeat through the faulty
 * network, the server killed between rounds now and then, until every payment is answered (at
 * most {@value #FAULTY_ROUNDS} rounds); then the network calms and the last stragglers finish.
 */
final class SimStory implements FlightStory {
  private static final int FAULTY_ROUNDS = 8;
  private static final int CALM_ROUNDS = 3;
  /** The identity level the simulated passengers have verified: tier limits of 50, 100 or 200 CNY a payment. */
  private static final int IDENTITY_LEVEL = 3;

  private final Flight flight;
  /** Clock skews, from a stream of their own. */
  private final SplittableRandom skews;
  private long flyingFrom;
  private long landedAt;
  private long setUpNanos;
  private long flightNanos;

  SimStory(Flight flight, SplittableRandom skews) {
    this.flight = flight;
    this.skews = skews;
    this.setUpNanos = System.nanoTime();
  }

  /** The first passenger is always eligible, so every flight has someone paying; a quarter are nearly broke. */
  @Override
  public List<Cast.PassengerSpec> cast(int count, SplittableRandom story) {
    List<Cast.PassengerSpec> cast = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int score = i > 0 && story.nextInt(10) == 0 ? 500 + story.nextInt(50) : 600 + story.nextInt(250);
      long balance = story.nextInt(4) == 0 ? story.nextInt(5_000) : 50_000 + story.nextInt(500_000);
      cast.add(new Cast.PassengerSpec(Cast.label(i), Cast.name(i), IDENTITY_LEVEL, score, balance, false));
    }
    return cast;
  }

  @Override
  public Duration clockSkew(String label) {
    Duration skew = flight.faults.skew(skews);
    flight.record.log(label + " clock skew " + skew);
    return skew;
  }

  @Override
  public int terminalsOnAnotherFlight() {
    return 1;
  }

  @Override
  public void fly(Aboard aboard) {
    flyingFrom = System.nanoTime();
    setUpNanos = flyingFrom - setUpNanos;
    flight.record.log("set up: " + aboard.terminals().size() + " terminals, " + aboard.flyers().size()
        + " passengers enrolled");
    flight.ground.faulty(true);
    new InFlight(flight, aboard).run(20 + aboard.story().nextInt(30));
  }

  @Override
  public void landed(Aboard aboard) {
    landedAt = System.nanoTime();
    flightNanos = landedAt - flyingFrom;
    aboard.clock().advanceTo(aboard.departure().plus(FlightConfig.FLIGHT_TIME)
        .plus(Duration.ofMinutes(10 + aboard.story().nextInt(180))));
    if (flight.faults.dishonestTerminal()) {
      new DishonestUpload(flight, aboard).tryOnce();
    }
  }

  @Override
  public int uploadRounds() {
    return FAULTY_ROUNDS + CALM_ROUNDS;
  }

  @Override
  public void beforeUploadRound(int round, Aboard aboard) {
    if (round == FAULTY_ROUNDS) {
      flight.network.calm();
      // Calm comes after a pause long enough for uploads killed with the server to be abandoned.
      aboard.clock().advance(Idempotency.ABANDONED_AFTER);
    }
    aboard.clock().advance(Duration.ofSeconds(30 + aboard.story().nextInt(600)));
  }

  @Override
  public void afterUploadRound(int round, Aboard aboard) {
    if (flight.faults.killServer() && round < FAULTY_ROUNDS && aboard.story().nextInt(4) == 0) {
      flight.server.kill();
      flight.server.start();
      flight.record.event("server killed between uploads");
    }
  }

  /** Where the run spent its time. */
  String timings() {
    return String.format("set-up %d ms, flight %d ms, landing %d ms", setUpNanos / 1_000_000,
        flightNanos / 1_000_000, (System.nanoTime() - landedAt) / 1_000_000);
  }
}
