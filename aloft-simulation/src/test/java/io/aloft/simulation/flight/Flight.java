package io.aloft.simulation.flight;

import io.aloft.flight.FlightClock;
import io.aloft.flight.FlightConfig;
import io.aloft.flight.FlightEngine;
import io.aloft.flight.TerminalDevice;
import io.aloft.simulation.support.SimServer;
import io.aloft.testkit.TempDirectories;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One seeded flight with faults, flown by the flight engine ({@link FlightEngine}) that the demo
 * flies too: a real server on its own database, an airline with two or three crew terminals (and
 * one of another flight), three to six passengers with real wallets, all on the flight's clock,
 * each device through its own skew. The {@link SimStory} draws the sales, attacks, restarts and
 * clones, and the landing's faults; the {@link Recorder} books what happened; {@link Invariants}
 * then judges. Every choice comes from the seed, so the seed replays the run.
 */
final class Flight implements AutoCloseable {
  static final Instant EPOCH = Instant.parse("2026-12-01T06:00:00Z");

  final long seed;
  final FaultPlan faults;
  final FlightClock clock = new FlightClock(EPOCH);
  final FlightRecord record = new FlightRecord();
  final SimServer server;
  final Network network;
  final SimGround ground;
  final Path directory;
  private final SplittableRandom random;
  private final FlightConfig config;
  private FlightEngine engine;
  private FlightEngine.Summary summary;
  /** Where the run spent its time, for keeping the CI-sized run within minutes. */
  String timings = "";

  Flight(long seed) {
    this.seed = seed;
    // The engine's story stream is SplittableRandom(seed); faults and the network draw from their own.
    this.random = new SplittableRandom(~seed);
    this.faults = FaultPlan.of(random.split());
    this.directory = TempDirectories.create("aloft-flight-" + seed);
    this.server = new SimServer(clock, seed);
    this.network = new Network(server, random.split(), faults.networkFaultPercent(), faults.killServer());
    String airlineCode = "" + (char) ('A' + random.nextInt(26)) + (char) ('A' + random.nextInt(26))
        + random.nextInt(10);
    this.ground = new SimGround(server, network, clock, clock::advance, airlineCode);
    this.config = new FlightConfig(seed, 3 + random.nextInt(4), 2 + random.nextInt(2), directory, "");
  }

  /** Every line the run logged: equal for two runs of one seed. */
  String log() {
    return record.tail(Integer.MAX_VALUE);
  }

  /** The whole run; returns the record the invariants judge. */
  FlightRecord fly() throws IOException {
    record.log("seed " + seed + " " + faults + ", " + config.terminals() + " terminals, " + config.passengers()
        + " passengers");
    long t0 = System.nanoTime();
    SimStory story = new SimStory(this, random.split());
    engine = new FlightEngine(config, ground, clock, new Recorder(record), story);
    try {
      summary = engine.fly();
    } catch (io.aloft.flight.Ground.GroundException e) {
      throw new IOException(e);
    }
    List<TerminalDevice> all = new ArrayList<>(summary.terminals());
    all.addAll(summary.otherFlight());
    all.stream().filter(TerminalDevice::hasPendingUploads).forEach(t ->
        record.violation("terminal " + t.terminalId() + " still holds unanswered payments after every retry"));
    timings = String.format("flight %d ms (%s)", (System.nanoTime() - t0) / 1_000_000, story.timings());
    return record;
  }

  /** The flight's own terminals, after the flight. */
  List<TerminalDevice> terminals() {
    return summary.terminals();
  }

  @Override
  public void close() {
    if (engine != null) {
      engine.close();
    }
    ground.close();
    server.close();
    TempDirectories.delete(directory);
  }
}
