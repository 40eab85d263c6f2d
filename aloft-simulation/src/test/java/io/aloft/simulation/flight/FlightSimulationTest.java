package io.aloft.simulation.flight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded flights with injected faults, each judged by {@link Invariants}. {@code -Dsim.seeds=N}
 * flights from {@code -Dsim.firstSeed}; {@code -Dsim.seed=S} replays one. A failing flight prints
 * its seed, the command that replays it, and the end of its event log. Violations that are
 * {@link KnownIssue known and reported} are printed but fail only with {@code -Dsim.strict=true}.
 */
class FlightSimulationTest {
  @Test
  void seededFlightsWithFaults_keepEveryInvariant() {
    String only = System.getProperty("sim.seed", "").trim();
    long first = only.isEmpty() ? Long.getLong("sim.firstSeed", 1) : Long.parseLong(only);
    long count = only.isEmpty() ? Long.getLong("sim.seeds", 100) : 1;
    boolean strict = Boolean.getBoolean("sim.strict");
    List<String> failures = new ArrayList<>();
    List<String> known = new ArrayList<>();
    Map<String, Integer> events = new TreeMap<>();
    long started = System.nanoTime();
    for (long seed = first; seed < first + count; seed++) {
      Judged judged = fly(seed, events);
      judged.report(strict).ifPresent(failures::add);
      if (!strict && !judged.known().isEmpty()) {
        known.add("seed " + seed + ": " + String.join("; ", judged.known()));
      }
    }
    System.out.printf("FlightSimulationTest: %d flights from seed %d in %.1f s, %d failed, %d with known issues%n"
        + "  events: %s%n", count, first, (System.nanoTime() - started) / 1e9, failures.size(), known.size(), events);
    known.forEach(k -> System.out.println("  KNOWN ISSUE " + k));

    assertThat(failures).as("flights that broke an invariant").isEmpty();
  }

  @Test
  void aSeedReplaysTheSameFlight() throws Exception {
    // Seed 2 meets network faults but no server kill, whose instant depends on thread timing.
    String first;
    try (Flight flight = new Flight(2)) {
      flight.fly();
      first = flight.log();
    }
    try (Flight again = new Flight(2)) {
      again.fly();
      assertThat(again.log()).isEqualTo(first);
    }
  }

  /**
   * Seeds that once failed, flown on every build. 1085 and 1424: a mutated code that came out as
   * the genuine one (a trailing newline) was accepted at a second terminal, and the simulator had
   * not booked that acknowledgement; settlement rightly paid the first upload and opened a replay
   * case.
   */
  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1085, 1424})
  void regressionSeeds(long seed) {
    assertThat(fly(seed, new TreeMap<>()).report(true)).isEmpty();
  }

  @Test
  @Disabled("KnownIssue.REPRICED_RECEIPT: reported to the lead; enable when settlement opens a case for it")
  void seed26_aTerminalsSecondReceiptDoesNotRepriceAPaymentSilently() {
    assertThat(fly(26, new TreeMap<>()).report(true)).isEmpty();
  }

  /** A flight's verdict: unknown violations fail; known ones fail only when strict. */
  private record Judged(long seed, List<String> unknown, List<String> known, String context) {
    java.util.Optional<String> report(boolean strict) {
      List<String> failing = new ArrayList<>(unknown);
      if (strict) {
        failing.addAll(known);
      }
      return failing.isEmpty() ? java.util.Optional.empty()
          : java.util.Optional.of("seed " + seed + " " + String.join("\n  ", failing) + context);
    }
  }

  private static Judged fly(long seed, Map<String, Integer> events) {
    try (Flight flight = new Flight(seed)) {
      List<String> violations;
      try {
        flight.fly();
        violations = Invariants.check(flight);
      } catch (Exception | AssertionError e) {
        violations = List.of("the run itself failed: " + stackTrace(e));
      }
      if (Boolean.getBoolean("sim.verbose")) {
        System.out.println("seed " + seed + ": " + flight.timings);
      }
      flight.record.events.forEach((name, n) -> events.merge(name, n, Integer::sum));
      flight.network.counts().forEach((fault, n) -> events.merge("network " + fault, n, Integer::sum));
      String context = " (" + flight.faults + ")"
          + "\n  replay: ./mvnw -o -q -pl aloft-simulation -am verify -Dsurefire.failIfNoSpecifiedTests=false"
          + " -Dtest=FlightSimulationTest#seededFlightsWithFaults_keepEveryInvariant -Dsim.strict=true -Dsim.seed=" + seed
          + "\n  last events:\n" + flight.record.tail(Integer.getInteger("sim.tail", 30)).indent(4);
      return new Judged(seed, violations.stream().filter(v -> !KnownIssue.isKnown(v)).toList(),
          violations.stream().filter(KnownIssue::isKnown).toList(), context);
    }
  }

  private static String stackTrace(Throwable e) {
    java.io.StringWriter out = new java.io.StringWriter();
    e.printStackTrace(new java.io.PrintWriter(out));
    return out.toString().lines().limit(25).reduce("", (a, b) -> a + "\n    " + b);
  }
}
