package io.aloft.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class IssuerClockTest {
  /** The offset is kept to the millisecond as {@code Duration.truncatedTo} would, which Android API 26 lacks. */
  @Property
  void towardZeroMillis_isTruncatedToMillis(@ForAll long seconds, @ForAll("nanos") int nanos) {
    Duration duration = Duration.ofSeconds(seconds / 4, nanos);
    assertThat(IssuerClock.towardZeroMillis(duration)).isEqualTo(duration.truncatedTo(ChronoUnit.MILLIS));
  }

  @Provide
  Arbitrary<Integer> nanos() {
    return Arbitraries.oneOf(Arbitraries.integers().between(0, 999_999_999),
        Arbitraries.of(0, 1, 999_999, 1_000_000, 500_000_000, 999_999_999));
  }
}
