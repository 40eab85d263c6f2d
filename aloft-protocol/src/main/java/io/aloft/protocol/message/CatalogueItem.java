package io.aloft.protocol.message;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.util.regex.Pattern;

/**
 * One thing an airline sells in the cabin, as its {@link Catalogue} lists it.
 *
 * <p>Names are at most {@link LineItem#MAX_NAME_BYTES} UTF-8 bytes, so either one goes into a
 * sale's {@link LineItem} unchanged: the passenger signs the name the crew picked.
 *
 * @param sku the airline's stock-keeping unit: 1..32 ASCII letters, digits, '.', '_' or '-',
 *     starting with a letter or digit; unique in a catalogue, which it sorts
 * @param category one of {@link Catalogue#CATEGORIES}
 * @param nameEn the English name
 * @param nameZh the Simplified Chinese name
 * @param unitPriceMinor 1..{@link #MAX_UNIT_PRICE_MINOR} minor units of {@code currency}
 * @param currency a currency that travels on the wire
 */
public record CatalogueItem(String sku, String category, String nameEn, String nameZh, long unitPriceMinor,
    CurrencyUnit currency) {
  public static final int MAX_SKU_BYTES = 32;
  public static final int MAX_NAME_BYTES = LineItem.MAX_NAME_BYTES;
  /** 10^9 minor units: ten million yuan, far above anything sold from a trolley. */
  public static final long MAX_UNIT_PRICE_MINOR = 1_000_000_000L;

  private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_SKU_BYTES - 1) + "}");

  public CatalogueItem {
    if (sku == null || !SKU.matcher(sku).matches()) {
      throw new IllegalArgumentException("sku must be 1.." + MAX_SKU_BYTES
          + " ASCII letters, digits, '.', '_' or '-', starting with a letter or digit: " + sku);
    }
    if (category == null || !Catalogue.CATEGORIES.contains(category)) {
      throw new IllegalArgumentException("category must be one of " + Catalogue.CATEGORIES + ": " + category);
    }
    Wire.checkText("nameEn", nameEn, MAX_NAME_BYTES);
    Wire.checkText("nameZh", nameZh, MAX_NAME_BYTES);
    if (unitPriceMinor < 1 || unitPriceMinor > MAX_UNIT_PRICE_MINOR) {
      throw new IllegalArgumentException(
          "unitPriceMinor must be 1.." + MAX_UNIT_PRICE_MINOR + ": " + unitPriceMinor);
    }
    if (currency == null) {
      throw new IllegalArgumentException("currency must not be null");
    }
  }

  public Money unitPrice() {
    return Money.of(unitPriceMinor, currency);
  }

  /** The name in {@code language} ("zh" for Simplified Chinese, English otherwise). */
  public String name(String language) {
    return "zh".equals(language) ? nameZh : nameEn;
  }

  /** A sale's line for {@code quantity} of this item, named in English. */
  public LineItem lineItem(int quantity) {
    return new LineItem(nameEn, quantity, unitPriceMinor);
  }
}
