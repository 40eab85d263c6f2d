package io.aloft.simulation.flight;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The simulated world's time, moved only by the simulator. Every device reads it through its own
 * {@link #device skewed clock}, the server through {@link #truth()}: nothing in a run reads the
 * machine's clock, so a seed replays exactly.
 */
final class SimClock {
  private volatile Instant now;

  SimClock(Instant start) {
    this.now = start;
  }

  Instant now() {
    return now;
  }

  void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("time only moves forward: " + duration);
    }
    now = now.plus(duration);
  }

  /** The true time, as the server's clock. */
  Clock truth() {
    return device(Duration.ZERO);
  }

  /** A device clock that runs {@code skew} ahead (negative: behind) of the true time. */
  Clock device(Duration skew) {
    return new Clock() {
      @Override
      public Instant instant() {
        return now.plus(skew);
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    };
  }
}
