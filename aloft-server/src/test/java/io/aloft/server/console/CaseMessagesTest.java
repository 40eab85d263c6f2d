package io.aloft.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.settlement.CaseKind;
import io.aloft.server.settlement.Resolution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both languages say what every case kind is about and what every resolution does, so no stored English shows. */
class CaseMessagesTest {
  @ParameterizedTest
  @EnumSource(Language.class)
  void everyCaseKindAndResolution_hasWords(Language language) {
    for (CaseKind kind : CaseKind.values()) {
      for (String prefix : new String[] {"casefile.about.", "casefile.summary."}) {
        assertThat(language.text(prefix + kind.wireName())).doesNotStartWith(Language.MISSING_MARK);
      }
    }
    for (Resolution resolution : Resolution.values()) {
      for (String prefix : new String[] {"casefile.resolution.", "casefile.explain.", "casefile.effect."}) {
        assertThat(language.text(prefix + resolution.wireName())).doesNotStartWith(Language.MISSING_MARK);
      }
    }
  }
}
