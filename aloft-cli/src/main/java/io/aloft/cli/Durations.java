package io.aloft.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads durations as people write them: {@code 90m}, {@code 2h}, {@code 1h30m}, {@code 45s}, {@code 1d}. */
public final class Durations implements ITypeConverter<Duration> {
  private static final Pattern WHOLE = Pattern.compile("(\\d{1,6}[dhms])+");
  private static final Pattern PART = Pattern.compile("(\\d{1,6})([dhms])");

  @Override
  public Duration convert(String text) {
    return parse(text);
  }

  public static Duration parse(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (!WHOLE.matcher(value).matches()) {
      throw new TypeConversionException("not a duration: '" + text + "' (examples: 90m, 2h, 1h30m)");
    }
    Duration total = Duration.ZERO;
    Matcher part = PART.matcher(value);
    while (part.find()) {
      long n = Long.parseLong(part.group(1));
      total = total.plus(switch (part.group(2)) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofSeconds(n);
      });
    }
    return total;
  }
}
