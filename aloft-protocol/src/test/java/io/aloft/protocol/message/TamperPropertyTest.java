package io.aloft.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Samples.Sample;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** {@link TamperTest}'s promise with any mask, not just three: one changed byte is never accepted. */
class TamperPropertyTest {
  @Property(tries = 500)
  void flippingARandomByteWithARandomMask_isRefused(@ForAll("anySample") Sample sample,
      @ForAll @IntRange(min = 0, max = 100_000) int position, @ForAll @IntRange(min = 1, max = 255) int mask) {
    byte[] tampered = sample.message().encode();
    tampered[position % tampered.length] ^= (byte) mask;
    assertThat(TamperTest.accepted(sample, tampered)).isEmpty();
  }

  @Provide
  Arbitrary<Sample> anySample() {
    return Arbitraries.of(TamperTest.SAMPLES.all());
  }
}
