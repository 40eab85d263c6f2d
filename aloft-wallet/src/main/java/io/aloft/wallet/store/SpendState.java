package io.aloft.wallet.store;

/**
 * How far a credential has spent: the last counter used and the cumulative spend signed with it,
 * in minor units of the credential's currency. Both only grow; the next payment uses
 * {@code lastCounter + 1}.
 */
public record SpendState(long lastCounter, long cumulativeMinor) {
  public static final SpendState NONE = new SpendState(0, 0);

  public SpendState {
    if (lastCounter < 0 || cumulativeMinor < 0 || (lastCounter == 0 && cumulativeMinor != 0)) {
      throw new IllegalArgumentException("spend state out of range: counter " + lastCounter
          + ", cumulative " + cumulativeMinor);
    }
  }

  public long nextCounter() {
    return Math.addExact(lastCounter, 1);
  }

  /** The state after one more payment that signed {@code cumulativeAfterMinor}. */
  public SpendState after(long cumulativeAfterMinor) {
    if (cumulativeAfterMinor <= cumulativeMinor) {
      throw new IllegalArgumentException("cumulative must grow: " + cumulativeMinor + " to " + cumulativeAfterMinor);
    }
    return new SpendState(nextCounter(), cumulativeAfterMinor);
  }
}
