package io.aloft.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** How the catalogue form reads a typed price: exactly, in the currency's minor units, or a refusal in words. */
class CataloguePagesTest {

  private static Map.Entry<Optional<Long>, Map<String, String>> read(String price, String currency) {
    CataloguePages.Row row = new CataloguePages.Row(0, "SKU", "meals", "Tea", "茶", price, currency, false,
        new LinkedHashMap<>());
    return Map.entry(CataloguePages.priceMinor(row), row.errors());
  }

  @ParameterizedTest(name = "{0} {1} is {2} minor units")
  @CsvSource({"12.50, CNY, 1250", "12.5, EUR, 1250", "7, USD, 700", "0.01, EUR, 1", "100, JPY, 100",
      "1.125, KWD, 1125", "19999999.99, CNY, 1999999999"})
  void aPrice_isReadExactly(String price, String currency, long minor) {
    var read = read(price, currency);
    assertThat(read.getKey()).contains(minor);
    assertThat(read.getValue()).isEmpty();
  }

  @ParameterizedTest(name = "{0} {1} is refused with {2}")
  @CsvSource({"1.234, EUR, price, catalogue.error.decimals", "100.5, JPY, price, catalogue.error.noDecimals",
      "'12,50', CNY, price, catalogue.error.price", "-3, CNY, price, catalogue.error.price",
      "1e3, CNY, price, catalogue.error.price", "'', CNY, price, catalogue.error.price",
      "12.50, XYZ, currency, catalogue.error.currency", "12.50, '', currency, catalogue.error.currency"})
  void aBadPrice_isRefusedByField(String price, String currency, String field, String key) {
    var read = read(price, currency);
    assertThat(read.getKey()).isEmpty();
    assertThat(read.getValue()).containsExactly(Map.entry(field, key));
  }
}
