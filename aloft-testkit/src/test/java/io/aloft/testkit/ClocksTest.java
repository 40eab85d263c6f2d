package io.aloft.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClocksTest {
  private static final Instant START = Instant.parse("2026-11-28T08:00:00Z");

  @Test
  void aMutableClock_standsStill_untilMoved_andASkewedDeviceClockFollowsIt() {
    MutableClock clock = new MutableClock(START);
    Clock fastDevice = Clock.offset(clock, Duration.ofMinutes(3));

    assertThat(clock.instant()).isEqualTo(START);
    clock.advance(Duration.ofHours(2));
    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofHours(2)));
    assertThat(fastDevice.instant()).isEqualTo(START.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(3)));
    clock.set(START.minusSeconds(60));
    assertThat(clock.instant()).isEqualTo(START.minusSeconds(60));
  }

  @Test
  void aShiftedClock_runsWithTheSystemClock_fromTheOffsetOn() {
    ShiftedClock clock = new ShiftedClock();
    clock.advanceTo(Duration.ofDays(40));

    Instant shifted = clock.instant();
    assertThat(shifted).isBetween(Instant.now().plus(Duration.ofDays(40)).minusSeconds(5),
        Instant.now().plus(Duration.ofDays(40)).plusSeconds(5));
  }
}
