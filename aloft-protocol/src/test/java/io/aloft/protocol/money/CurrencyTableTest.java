package io.aloft.protocol.money;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The protocol's currency table, {@code currencies.tsv}: what other implementations read, and
 * what this one decodes with, agrees with the JVM's currency data wherever that data is current.
 */
class CurrencyTableTest {
  private static final Path TABLE = ProjectFiles.root()
      .resolve("aloft-protocol/src/main/resources/io/aloft/protocol/money/currencies.tsv");
  /** Withdrawn by ISO 4217 after this JVM's currency data was made (Bulgaria took the euro in 2026). */
  private static final Set<String> WITHDRAWN_SINCE_THE_JVM_DATA = Set.of("BGN");

  @Test
  void everyCodeTheJvmKnows_hasTheJvmsNumericCodeAndExponent() {
    int compared = 0;
    for (CurrencyUnit unit : CurrencyUnit.all()) {
      Currency jvm;
      try {
        jvm = Currency.getInstance(unit.code());
      } catch (IllegalArgumentException newerThanTheJvmData) {
        continue;
      }
      assertThat(unit.numericCode()).as(unit.code()).isEqualTo(jvm.getNumericCode());
      assertThat(unit.exponent()).as(unit.code()).isEqualTo(jvm.getDefaultFractionDigits());
      compared++;
    }
    assertThat(compared).as("currencies this JVM knows too").isGreaterThan(150);
  }

  @Test
  void everyCurrencyACountryUsesByTheJvmsData_isInTheTable() {
    Set<String> missing = new TreeSet<>();
    for (String country : Locale.getISOCountries()) {
      Currency currency = Currency.getInstance(new Locale("", country));
      if (currency != null && currency.getDefaultFractionDigits() >= 0
          && CurrencyUnit.find(currency.getCurrencyCode()).isEmpty()) {
        missing.add(currency.getCurrencyCode());
      }
    }
    missing.removeAll(WITHDRAWN_SINCE_THE_JVM_DATA);
    assertThat(missing).isEmpty();
  }

  @Test
  void eachNumericCode_namesExactlyOneCurrency_andEveryRowReadsBack() {
    for (CurrencyUnit unit : CurrencyUnit.all()) {
      assertThat(CurrencyUnit.byNumericCode(unit.numericCode())).contains(unit);
      assertThat(CurrencyUnit.of(unit.code())).isEqualTo(new CurrencyUnit(unit.code(), unit.numericCode(), unit.exponent()));
    }
  }

  @Test
  void theFileAsAnotherImplementationReadsIt_isTheTableThisCodeUses() throws IOException {
    List<String> rows = new ArrayList<>();
    for (String line : Files.readAllLines(TABLE, StandardCharsets.UTF_8)) {
      if (!line.startsWith("#")) {
        rows.add(line);
      }
    }
    assertThat(rows.get(0)).isEqualTo("code\tnumeric\texponent");
    List<String> expected = new ArrayList<>();
    for (CurrencyUnit unit : CurrencyUnit.all()) {
      expected.add(unit.code() + "\t" + String.format("%03d", unit.numericCode()) + "\t" + unit.exponent());
    }
    assertThat(rows.subList(1, rows.size())).containsExactlyElementsOf(expected);
    assertThat(expected).contains("CNY\t156\t2", "JPY\t392\t0", "KWD\t414\t3", "CLF\t990\t4", "XCG\t532\t2")
        .noneMatch(row -> row.startsWith("XXX") || row.startsWith("XAU") || row.startsWith("ANG"));
  }

  @Test
  void protocolMd_pointsToTheTable() throws IOException {
    String doc = Files.readString(ProjectFiles.docs().resolve("protocol.md"), StandardCharsets.UTF_8);
    assertThat(doc).contains("aloft-protocol/src/main/resources/io/aloft/protocol/money/currencies.tsv");
  }
}
