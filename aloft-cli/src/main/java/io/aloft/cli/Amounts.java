package io.aloft.cli;

import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.util.ArrayList;
import java.util.List;

/** Amounts and line items as typed on a command line: {@code 45.00}, {@code "Jasmine tea:3:15.00"}. */
public final class Amounts {
  private Amounts() {}

  public static CurrencyUnit currency(String code) throws CliException {
    return CurrencyUnit.find(code == null ? "" : code.strip().toUpperCase(java.util.Locale.ROOT))
        .orElseThrow(() -> new CliException(ExitCodes.USAGE, "unknown currency code: " + code));
  }

  public static Money money(String text, CurrencyUnit currency) throws CliException {
    try {
      return Money.parse(text == null ? null : text.strip(), currency);
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, "bad amount '" + text + "': " + e.getMessage());
    }
  }

  /** {@code NAME:QUANTITY:UNIT_PRICE}, or {@code NAME:UNIT_PRICE} for one of it. */
  public static LineItem item(String text, CurrencyUnit currency) throws CliException {
    String[] parts = text.split(":");
    if (parts.length < 2 || parts.length > 3 || parts[0].isBlank()) {
      throw new CliException(ExitCodes.USAGE, "bad item '" + text + "': expected NAME:QUANTITY:UNIT_PRICE, e.g. 'Jasmine tea:2:15.00'");
    }
    int quantity;
    try {
      quantity = parts.length == 3 ? Integer.parseInt(parts[1].strip()) : 1;
    } catch (NumberFormatException e) {
      throw new CliException(ExitCodes.USAGE, "bad quantity in item '" + text + "'");
    }
    Money unit = money(parts[parts.length - 1], currency);
    try {
      return new LineItem(parts[0].strip(), quantity, unit.amountMinor());
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, "bad item '" + text + "': " + e.getMessage());
    }
  }

  public static List<LineItem> items(List<String> texts, CurrencyUnit currency) throws CliException {
    List<LineItem> items = new ArrayList<>();
    for (String text : texts) {
      items.add(item(text, currency));
    }
    return items;
  }

  public static Money totalOf(List<LineItem> items, CurrencyUnit currency) {
    long total = 0;
    for (LineItem item : items) {
      total = Math.addExact(total, item.lineTotalMinor());
    }
    return Money.of(total, currency);
  }

  public static String format(long amountMinor, String currencyCode) {
    return Money.of(amountMinor, currencyCode).toString();
  }
}
