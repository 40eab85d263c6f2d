package io.aloft.simulation.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * How many cases a fuzz target runs and from which seed, read from system properties so the
 * CI-sized run and the long run are the same code: {@code -Dfuzz.cases} (the whole budget, which
 * the targets share), {@code -Dfuzz.seed}, and {@code -Dfuzz.replay=<case seed>} to run exactly
 * one failing case again.
 */
final class FuzzRun {
  /** Failures kept for the report; the run stops collecting after these. */
  private static final int MAX_REPORTED = 20;

  private final String target;
  /** A stateful target (a terminal with its journal) replays only as a whole run. */
  private final boolean stateful;
  private final long cases;
  private final long seed;
  private final List<String> failures = new ArrayList<>();
  private long failureCount;

  /** @param share this target's part of {@code fuzz.cases}, in percent */
  FuzzRun(String target, int share, boolean stateful) {
    this.target = target;
    this.stateful = stateful;
    this.cases = Math.max(1, Long.getLong("fuzz.cases", 100_000) * share / 100);
    this.seed = Long.getLong("fuzz.seed", 20261128);
  }

  /** Runs every case (or only the replayed one), each from its own seed. */
  void forEachCase(LongConsumer body) {
    String replay = System.getProperty("fuzz.replay", "");
    if (!replay.isBlank() && !stateful) {
      body.accept(Long.parseLong(replay.trim()));
      return;
    }
    SplittableRandom seeds = new SplittableRandom(seed);
    for (long i = 0; i < cases; i++) {
      body.accept(seeds.nextLong());
    }
  }

  long cases() {
    return stateful || System.getProperty("fuzz.replay", "").isBlank() ? cases : 1;
  }

  void fail(long caseSeed, String what) {
    failureCount++;
    if (failures.size() < MAX_REPORTED) {
      failures.add("case " + caseSeed + ": " + what + "\n    replay: " + replayCommand(caseSeed));
    }
  }

  String replayCommand(long caseSeed) {
    String base = "./mvnw -o -q -pl aloft-simulation -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=" + target;
    if (stateful) {
      return base + " -Dfuzz.seed=" + seed + " -Dfuzz.cases=" + Long.getLong("fuzz.cases", 100_000);
    }
    return base + " -Dfuzz.replay=" + caseSeed;
  }

  long failureCount() {
    return failureCount;
  }

  String report() {
    return failureCount + " failing cases of " + cases() + " in " + target + " (seed " + seed + "):\n"
        + String.join("\n", failures);
  }
}
