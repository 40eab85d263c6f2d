package io.aloft.simulation.flight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded flights with injected faults, each judged by {@link Invariants}. {@code -Dsim.seeds=N}
 * flights from {@code -Dsim.firstSeed}; {@code -Dsim.seed=S} replays one ({@code S1,S2,…} several). A failing flight prints
 * its seed, the command that replays it, and the end of its event log.
 */
class FlightSimulationTest {
  @Test
  void seededFlightsWithFaults_keepEveryInvariant() {
    String only = System.getProperty("sim.seed", "").trim();
    List<Long> seeds = only.isEmpty()
        ? java.util.stream.LongStream.range(0, Long.getLong("sim.seeds", 100))
            .mapToObj(i -> Long.getLong("sim.firstSeed", 1) + i).toList()
        : java.util.Arrays.stream(only.split(",")).map(String::trim).map(Long::parseLong).toList();
    List<String> failures = new ArrayList<>();
    Map<String, Integer> events = new TreeMap<>();
    long started = System.nanoTime();
    for (long seed : seeds) {
      fly(seed, events).ifPresent(failures::add);
    }
    System.out.printf("FlightSimulationTest: %d flights (seeds %d..%d) in %.1f s, %d failed%n  events: %s%n",
        seeds.size(), seeds.get(0), seeds.get(seeds.size() - 1), (System.nanoTime() - started) / 1e9, failures.size(),
        events);

    assertThat(failures).as("flights that broke an invariant").isEmpty();
  }

  @Test
  void aSeedReplaysTheSameFlight() throws Exception {
    long seed = FaultPlan.firstSeedWithNetworkFaultsAndNoKill();
    String first;
    try (Flight flight = new Flight(seed)) {
      flight.fly();
      first = flight.log();
      assertThat(first).contains("entries answered");
    }
    try (Flight again = new Flight(seed)) {
      again.fly();
      assertThat(again.log()).isEqualTo(first);
    }
  }

  /**
   * Seeds flown on every build, each reaching a hard corner, which the test checks it still
   * reaches. 4: a one-scan code shown at a second cart before the cabin network carried the first
   * cart's digest there is accepted offline; settlement pays both carts, charges the passenger
   * once and opens a replay case. 6: a cloned phone's code gets through with the original's
   * counter; settlement opens a double spend case, revokes the credential and suspends the
   * account. 63: a dishonest terminal signs a second, higher receipt for a cap code and uploads it
   * first; settlement charges the lower receipt and opens a receipt_conflict case. 5: a server
   * killed under a terminal's upload can leave its Idempotency-Key reserved with no answer; the
   * retry takes the abandoned reservation over (whether a kill lands mid-transaction depends on
   * thread timing, so this seed shows it often, not every time).
   */
  @ParameterizedTest(name = "seed {0}: {1}")
  @CsvSource({"4, case replay", "6, case double_spend", "63, case receipt_conflict",
      "5, network KILL_SERVER mid terminal upload"})
  void regressionSeeds(long seed, String corner) {
    Map<String, Integer> met = new TreeMap<>();
    assertThat(fly(seed, met)).isEmpty();
    assertThat(met).as("what seed " + seed + " met").containsKey(corner);
  }

  /** Flies one seed; the failure report when it broke an invariant. */
  private static Optional<String> fly(long seed, Map<String, Integer> events) {
    try (Flight flight = new Flight(seed)) {
      List<String> violations;
      try {
        flight.fly();
        violations = Invariants.check(flight);
      } catch (Exception | AssertionError e) {
        violations = List.of("the run itself failed: " + stackTrace(e));
      }
      Map<String, Integer> met = new TreeMap<>(flight.record.events);
      flight.network.counts().forEach((fault, n) -> met.put("network " + fault, n));
      if (Boolean.getBoolean("sim.verbose")) {
        System.out.println("seed " + seed + ": " + flight.timings + " " + flight.faults + "\n  " + met);
      }
      met.forEach((name, n) -> events.merge(name, n, Integer::sum));
      String context = " (" + flight.faults + ")"
          + "\n  replay: ./mvnw -o -q -pl aloft-simulation -am verify -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dtest=FlightSimulationTest#seededFlightsWithFaults_keepEveryInvariant -Dsim.seed=" + seed
          + "\n  last events:\n" + flight.record.tail(Integer.getInteger("sim.tail", 30)).indent(4);
      return violations.isEmpty() ? Optional.empty()
          : Optional.of("seed " + seed + " " + String.join("\n  ", violations) + context);
    }
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString().lines().limit(25).reduce("", (a, b) -> a + "\n    " + b);
  }
}
