package io.aloft.server.report;

import io.aloft.protocol.money.CurrencyUnit;
import java.math.BigDecimal;
import java.util.List;

/**
 * How every CSV export is written (RFC 4180, CRLF line ends): amounts as exact decimals in their
 * currency, and a text cell a spreadsheet would run as a formula prefixed with an apostrophe.
 */
public final class Csv {
  private Csv() {}

  /** {@code 1234.50} for 123450 CNY; exact, never floating point. */
  public static String decimal(long minor, String currency) {
    return BigDecimal.valueOf(minor, CurrencyUnit.of(currency).exponent()).toPlainString();
  }

  public static void row(StringBuilder csv, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        csv.append(',');
      }
      csv.append(cell(cells.get(i)));
    }
    csv.append("\r\n");
  }

  public static String cell(String value) {
    String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !value.matches("-?[0-9.]+")
        ? "'" + value : value;
    boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
        || safe.indexOf('\r') >= 0;
    return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
  }
}
