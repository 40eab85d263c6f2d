package io.aloft.server.console;

import io.aloft.protocol.money.CurrencyUnit;
import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;

/**
 * How the console, and the crew and passenger apps, write money and time for people. Money is
 * always the ISO code and the amount in the locale's digits, from exact minor units
 * ({@code CNY 1,234.50}); never minor units, never a floating-point step. Times are in UTC, and
 * say so.
 */
public final class Formats {
  private Formats() {}

  public static String money(long amountMinor, String currencyCode, Language language) {
    CurrencyUnit currency = CurrencyUnit.of(currencyCode);
    BigDecimal amount = BigDecimal.valueOf(amountMinor, currency.exponent());
    NumberFormat format = NumberFormat.getNumberInstance(language.locale());
    format.setMinimumFractionDigits(currency.exponent());
    format.setMaximumFractionDigits(currency.exponent());
    format.setGroupingUsed(true);
    return currency.code() + " " + format.format(amount);
  }

  public static String count(long count, Language language) {
    return NumberFormat.getIntegerInstance(language.locale()).format(count);
  }

  public static String time(Instant instant, Language language) {
    return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(language.locale())
        .withZone(ZoneOffset.UTC).format(instant) + " UTC";
  }

  public static String date(java.time.LocalDate date, Language language) {
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.MEDIUM).withLocale(language.locale()).format(date);
  }

  /** A long id shortened for a table cell; the full value is on the detail page and in the title. */
  public static String shortId(String id) {
    return id.length() <= 14 ? id : id.substring(0, 8) + "…" + id.substring(id.length() - 4);
  }
}
