package io.aloft.server.http;

import io.aloft.protocol.message.DisplayText;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.javalin.http.Context;

/** Checks for request values, each failing with a 400 (or 404 for ids in the path) that says why. */
public final class Requests {
  private Requests() {}

  /** A positive id from the path; anything else cannot name a resource, so it is a 404. */
  public static long pathId(Context ctx, String name) {
    String text = ctx.pathParam(name);
    if (text.length() > 18 || !text.matches("[0-9]+")) {
      throw ApiProblem.notFound("No resource has the id '" + abbreviate(text) + "'.");
    }
    long id = Long.parseLong(text);
    if (id < 1) {
      throw ApiProblem.notFound("No resource has the id " + id + ".");
    }
    return id;
  }

  public static <T> T required(T value, String field) {
    if (value == null) {
      throw ApiProblem.invalidRequest("Field '" + field + "' is required.");
    }
    return value;
  }

  public static String text(String value, String field, int maxLength) {
    required(value, field);
    String trimmed = value.strip();
    if (trimmed.isEmpty() || trimmed.length() > maxLength) {
      throw ApiProblem.invalidRequest("Field '" + field + "' must be 1 to " + maxLength + " characters.");
    }
    if (trimmed.codePoints().anyMatch(DisplayText::misleads)) {
      throw ApiProblem.invalidRequest("Field '" + field + "' must not contain control or bidirectional-override"
          + " characters.");
    }
    return trimmed;
  }

  public static int range(Integer value, String field, int min, int max) {
    required(value, field);
    if (value < min || value > max) {
      throw ApiProblem.invalidRequest("Field '" + field + "' must be " + min + " to " + max + ", got " + value + ".");
    }
    return value;
  }

  public static CurrencyUnit currency(String code, String field) {
    required(code, field);
    return CurrencyUnit.find(code).orElseThrow(() ->
        ApiProblem.invalidRequest("Field '" + field + "' must be an ISO 4217 currency code such as CNY; got '"
            + abbreviate(code) + "'."));
  }

  /** An amount in minor units, {@code min..max}, in a known currency. */
  public static Money money(Long amountMinor, String currency, String field, long min, long max) {
    required(amountMinor, field + "Minor");
    CurrencyUnit unit = currency(currency, "currency");
    if (amountMinor < min || amountMinor > max) {
      throw ApiProblem.invalidRequest("Field '" + field + "Minor' must be " + min + " to " + max
          + " minor units, got " + amountMinor + ".");
    }
    return Money.of(amountMinor, unit);
  }

  /** Bytes sent as standard base64, at most {@code maxBytes} long. */
  public static byte[] base64(String value, String field, int maxBytes) {
    required(value, field);
    if (value.length() > (maxBytes + 2) / 3 * 4 + 4) {
      throw ApiProblem.invalidRequest("Field '" + field + "' is too long.");
    }
    try {
      return java.util.Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidRequest("Field '" + field + "' must be standard base64.");
    }
  }

  /** An ISO 8601 instant such as 2026-12-01T08:30:00Z. */
  public static java.time.Instant instant(String value, String field) {
    required(value, field);
    try {
      return java.time.Instant.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiProblem.invalidRequest("Field '" + field + "' must be an ISO 8601 instant like 2026-12-01T08:30:00Z.");
    }
  }

  /** An ISO 8601 date such as 2026-12-01. */
  public static java.time.LocalDate date(String value, String field) {
    required(value, field);
    try {
      return java.time.LocalDate.parse(value);
    } catch (java.time.format.DateTimeParseException e) {
      throw ApiProblem.invalidRequest("Field '" + field + "' must be an ISO 8601 date like 2026-12-01.");
    }
  }

  public static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
