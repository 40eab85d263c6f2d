package io.aloft.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The system clock moved forward by an offset a test sets, for days passing in an instant while
 * time still runs (timeouts, HTTP dates). Where time must stand still, use {@link MutableClock}.
 */
public final class ShiftedClock extends Clock {
  private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

  /** From now on the clock reads the system time plus {@code fromNow}. */
  public void advanceTo(Duration fromNow) {
    offset.set(fromNow);
  }

  @Override
  public Instant instant() {
    return Instant.now().plus(offset.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the shifted clock is UTC only");
  }
}
