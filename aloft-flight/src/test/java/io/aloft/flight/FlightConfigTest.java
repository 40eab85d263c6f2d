package io.aloft.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** A flight's configuration and clock: bounds on who flies, and devices that read one clock. */
class FlightConfigTest {
  private static final Instant START = Instant.parse("2026-06-01T06:00:00Z");

  @Test
  void aFlightOutsideItsBounds_isACallerBug_namingTheValue() {
    assertThatThrownBy(() -> new FlightConfig(1, 2, 3, Path.of("x"), ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("passengers").hasMessageContaining("2");
    assertThatThrownBy(() -> new FlightConfig(1, 8, 65, Path.of("x"), ""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("terminals").hasMessageContaining("65");
  }

  @Test
  void everySaleFitsTheSellingWindow_however_manyFly() {
    for (int passengers : new int[] {3, 8, 30, 2000}) {
      FlightConfig config = new FlightConfig(1, passengers, 3, Path.of("x"), "");
      long sales = 3L * passengers + 12;
      assertThat(config.maxPauseBetweenSales().toSeconds()).isBetween(2L, 160L);
      assertThat(config.maxPauseBetweenSales().multipliedBy(sales))
          .isLessThanOrEqualTo(FlightConfig.SELLING_WINDOW.plus(Duration.ofSeconds(2 * sales)));
    }
  }

  @Test
  void aSkewedDeviceClock_followsTheFlightClock_andTimeOnlyMovesForward() {
    FlightClock clock = new FlightClock(START);
    java.time.Clock behind = clock.device(Duration.ofSeconds(-90));
    clock.advance(Duration.ofMinutes(5));
    assertThat(behind.instant()).isEqualTo(START.plus(Duration.ofMinutes(5)).minusSeconds(90));
    clock.advanceTo(START);
    assertThat(clock.instant()).isEqualTo(START.plus(Duration.ofMinutes(5)));
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theSameSeed_drawsTheSameDeviceKeys_andASaltChangesThem() {
    byte[] a = new byte[16];
    byte[] b = new byte[16];
    byte[] salted = new byte[16];
    new FlightRandom(42, "").forDevice("T1").nextBytes(a);
    new FlightRandom(42, "").forDevice("T1").nextBytes(b);
    new FlightRandom(42, "shared-server").forDevice("T1").nextBytes(salted);
    assertThat(a).isEqualTo(b).isNotEqualTo(salted);
  }
}
