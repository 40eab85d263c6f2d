package io.aloft.cli.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulated flight's clock, shared by the server it starts, every terminal and every
 * wallet: time moves only when the simulation says so, so a seed replays exactly.
 */
final class SimClock extends Clock {
  private final AtomicReference<Instant> now;

  SimClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  void advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + step);
    }
    now.updateAndGet(t -> t.plus(step));
  }

  void advanceTo(Instant target) {
    now.updateAndGet(t -> target.isAfter(t) ? target : t);
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the simulated clock is UTC only");
  }
}
