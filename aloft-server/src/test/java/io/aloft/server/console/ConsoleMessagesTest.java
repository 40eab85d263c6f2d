package io.aloft.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.rules.Reason;
import io.aloft.server.settlement.CaseKind;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Both languages say everything the console can show; money reads as people read it. */
class ConsoleMessagesTest {
  @Test
  void bothBundles_haveTheSameKeys() {
    assertThat(Language.CHINESE.keys()).containsExactlyInAnyOrderElementsOf(Language.ENGLISH.keys());
  }

  @ParameterizedTest
  @EnumSource(Language.class)
  void everyReasonCaseAndPaymentKind_hasWords(Language language) {
    for (Reason reason : Reason.values()) {
      assertThat(language.text("reason." + reason.name())).doesNotStartWith(Language.MISSING_MARK);
    }
    for (CaseKind kind : CaseKind.values()) {
      assertThat(language.text("case." + kind.wireName())).doesNotStartWith(Language.MISSING_MARK);
    }
    for (AuthorizationKind kind : AuthorizationKind.values()) {
      assertThat(language.text("kind." + kind.name().toLowerCase(Locale.ROOT))).doesNotStartWith(Language.MISSING_MARK);
    }
  }

  @ParameterizedTest
  @EnumSource(Language.class)
  void everyMessage_formatsWithNumbersForItsArguments(Language language) {
    for (String key : language.keys()) {
      for (long n : new long[] {0, 1, 2, 1_234}) {
        assertThat(language.text(key, n, n, n, n)).as(key).doesNotContain("{").isNotBlank();
      }
    }
  }

  @Test
  void aMissingKey_isMarkedVisibly_notHidden() {
    assertThat(Language.ENGLISH.text("no.such.key")).isEqualTo("⟦no.such.key⟧");
  }

  @Test
  void money_isTheCodeAndExactDigits_inEachLocale() {
    assertThat(Formats.money(123_450, "CNY", Language.ENGLISH)).isEqualTo("CNY 1,234.50");
    assertThat(Formats.money(123_450, "CNY", Language.CHINESE)).isEqualTo("CNY 1,234.50");
    assertThat(Formats.money(1_234, "JPY", Language.ENGLISH)).isEqualTo("JPY 1,234");
    assertThat(Formats.money(-5, "EUR", Language.ENGLISH)).isEqualTo("EUR -0.05");
    assertThat(Formats.money(Long.MAX_VALUE, "USD", Language.ENGLISH)).isEqualTo("USD 92,233,720,368,547,758.07");
  }

  @Test
  void acceptLanguage_picksChineseOrEnglish_andSurvivesNonsense() {
    assertThat(Language.fromAcceptLanguage("zh-CN,zh;q=0.9,en;q=0.8")).isEqualTo(Language.CHINESE);
    assertThat(Language.fromAcceptLanguage("en-GB,en;q=0.9,zh;q=0.8")).isEqualTo(Language.ENGLISH);
    assertThat(Language.fromAcceptLanguage("fr-FR, zh-TW;q=0.5")).isEqualTo(Language.CHINESE);
    assertThat(Language.fromAcceptLanguage("de")).isEqualTo(Language.ENGLISH);
    assertThat(Language.fromAcceptLanguage(";;;q=x")).isEqualTo(Language.ENGLISH);
    assertThat(Language.fromAcceptLanguage(null)).isEqualTo(Language.ENGLISH);
  }

  @Test
  void csvCells_areQuoted_andFormulasDefused() {
    assertThat(FlightCsv.cell("plain")).isEqualTo("plain");
    assertThat(FlightCsv.cell("a,b")).isEqualTo("\"a,b\"");
    assertThat(FlightCsv.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(FlightCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
    assertThat(FlightCsv.cell("-12.50")).isEqualTo("-12.50");
    assertThat(FlightCsv.decimal(1_005, "CNY")).isEqualTo("10.05");
    assertThat(FlightCsv.decimal(7, "JPY")).isEqualTo("7");
  }
}
