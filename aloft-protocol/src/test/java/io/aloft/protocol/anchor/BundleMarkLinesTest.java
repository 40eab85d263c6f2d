package io.aloft.protocol.anchor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class BundleMarkLinesTest {
  /** A bundle mark is split into lines as {@code String.lines()} splits, which Android API 26 lacks. */
  @Property
  void lines_areStringLines(@ForAll("text") String text) {
    assertThat(BundleMarkFile.lines(text)).isEqualTo(text.lines().collect(Collectors.toList()));
  }

  @Provide
  Arbitrary<String> text() {
    return Arbitraries.strings().withChars("ab\r\n ").ofMaxLength(10);
  }
}
