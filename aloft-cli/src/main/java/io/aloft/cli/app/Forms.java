package io.aloft.cli.app;

import io.javalin.http.Context;
import java.util.Optional;

/** The apps' form fields, bounded: nothing a person types or a scanner reads is longer. */
final class Forms {
  /** A scanned code is a few hundred characters; anything longer is not one. */
  static final int MAX_CODE_CHARS = 4096;

  private Forms() {}

  /** A form field cut to {@code maxChars}; absent is empty. */
  static String field(Context ctx, String name, int maxChars) {
    String value = ctx.formParam(name);
    if (value == null) {
      return "";
    }
    return value.length() > maxChars ? value.substring(0, maxChars) : value;
  }

  /** The scanned code's text from the scan form's {@code code} field, if it has a plausible length. */
  static Optional<String> code(Context ctx) {
    String value = ctx.formParam("code");
    if (value == null || value.isBlank() || value.length() > MAX_CODE_CHARS) {
      return Optional.empty();
    }
    return Optional.of(value.strip());
  }
}
