package io.aloft.flight;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The simulated flight's time, shared by the server the flight runs against, every terminal and
 * every wallet: it moves only when the flight says so, so a seed replays exactly. A device may
 * read it through its own {@link #device skewed clock}.
 */
public final class FlightClock extends Clock {
  private final AtomicReference<Instant> now;

  public FlightClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  public void advance(Duration step) {
    if (step.isNegative()) {
      throw new IllegalArgumentException("time does not go back: " + step);
    }
    now.updateAndGet(t -> t.plus(step));
  }

  /** Moves to {@code target}, or stays where it is when that is already past. */
  public void advanceTo(Instant target) {
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

  /** A device's clock that runs {@code skew} ahead (negative: behind) of the flight's true time. */
  public Clock device(Duration skew) {
    return Clock.offset(this, skew);
  }
}
