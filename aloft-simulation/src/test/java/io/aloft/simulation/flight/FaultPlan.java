package io.aloft.simulation.flight;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Which faults one flight meets, drawn from its seed so that runs differ in kind, not only in
 * detail: a clean network or a lossy one, a server that gets killed or not, clocks that drift a
 * little or a lot, a cloned wallet, a dishonest terminal.
 *
 * @param networkFaultPercent share of uploads and queries that meet a network fault
 * @param killServer whether the server may be killed during settlement
 * @param wildClocks whether some devices' clocks are off by more than the allowed skew
 * @param cloneWallet whether a passenger's wallet is copied onto a second phone
 * @param dishonestTerminal whether a terminal uploads receipts charging more than was signed
 */
record FaultPlan(int networkFaultPercent, boolean killServer, boolean wildClocks, boolean cloneWallet,
    boolean dishonestTerminal) {
  static FaultPlan of(SplittableRandom random) {
    int network = random.nextInt(5) == 0 ? 0 : 5 + random.nextInt(36);
    return new FaultPlan(network, random.nextInt(3) == 0, random.nextInt(3) == 0, random.nextInt(4) == 0,
        random.nextInt(4) == 0);
  }

  /** The faults of the flight flown with {@code seed} ({@link Flight} draws them first from {@code ~seed}). */
  static FaultPlan forSeed(long seed) {
    return of(new SplittableRandom(~seed).split());
  }

  /**
   * The first seed whose flight meets network faults but no server kill: a kill's instant
   * depends on thread timing, so only such a flight replays line for line.
   */
  static long firstSeedWithNetworkFaultsAndNoKill() {
    long seed = 1;
    while (forSeed(seed).killServer() || forSeed(seed).networkFaultPercent() == 0) {
      seed++;
    }
    return seed;
  }

  /** A device's clock error: within two minutes, or with wild clocks sometimes 10 to 40 minutes. */
  Duration skew(SplittableRandom random) {
    long seconds = wildClocks && random.nextInt(4) == 0 ? 600 + random.nextInt(1800) : random.nextInt(121);
    return Duration.ofSeconds(random.nextBoolean() ? seconds : -seconds);
  }
}
