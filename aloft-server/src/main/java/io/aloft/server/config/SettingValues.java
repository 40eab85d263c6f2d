package io.aloft.server.config;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.FxRate;
import io.aloft.server.http.HttpLimits;
import io.aloft.server.score.Tier;
import io.aloft.protocol.message.TrustBundle;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How settings are written, the same in a flag, a variable and the configuration file. Each
 * reader throws IllegalArgumentException with a sentence that says what it expected.
 */
public final class SettingValues {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,6}[dhms])+");
  private static final Pattern DURATION_PART = Pattern.compile("(\\d{1,6})([dhms])");
  private static final Pattern FX_RATE = Pattern.compile("([A-Z]{3})/([A-Z]{3})=([0-9.]{1,32})");
  private static final Pattern TIER = Pattern.compile("(\\d{3}):(\\d{1,15})/(\\d{1,15})");
  private static final Pattern RATE = Pattern.compile("(\\d{1,7})/(\\d{1,6}[dhms])");
  /** Secret files hold a key or a few lines of keys. */
  private static final long MAX_SECRET_FILE_BYTES = 64 * 1024;

  private SettingValues() {}

  /** Durations as people write them: {@code 90m}, {@code 2h}, {@code 1h30m}, {@code 45s}, {@code 3d}. */
  public static Duration duration(String text) {
    String value = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
    if (!DURATION.matcher(value).matches()) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (examples: 90m, 2h, 1h30m, 3d)");
    }
    Duration total = Duration.ZERO;
    Matcher part = DURATION_PART.matcher(value);
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

  static long integer(String text, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a whole number: '" + text + "'");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException("must be " + min + ".." + max + ", got " + value);
    }
    return value;
  }

  static boolean bool(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default -> throw new IllegalArgumentException("not true or false: '" + text + "'");
    };
  }

  static String text(String text, int maxLength) {
    String value = text.strip();
    if (value.isEmpty() || value.length() > maxLength) {
      throw new IllegalArgumentException("must be 1.." + maxLength + " characters, got " + value.length());
    }
    return value;
  }

  static Path path(String text) {
    return Path.of(text(text, 4096));
  }

  /** The trimmed content of a small file that must exist and not be empty. */
  static String secretFile(String text) {
    Path file = path(text);
    try {
      if (Files.size(file) > MAX_SECRET_FILE_BYTES) {
        throw new IllegalArgumentException(file + " is larger than " + MAX_SECRET_FILE_BYTES + " bytes");
      }
      String content = Files.readString(file, StandardCharsets.UTF_8).strip();
      if (content.isEmpty()) {
        throw new IllegalArgumentException(file + " is empty");
      }
      return content;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * FX rates as {@code FROM/TO=RATE} separated by commas: {@code EUR/CNY=7.8125,USD/CNY=7.1}
   * (units of TO for one unit of FROM, at most nine decimals). An empty text is no rates.
   */
  public static List<FxRate> fxRates(String text) {
    List<FxRate> rates = new ArrayList<>();
    Set<String> pairs = new HashSet<>();
    for (String entry : entries(text)) {
      Matcher m = FX_RATE.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + entry + "' is not FROM/TO=RATE, e.g. EUR/CNY=7.8125");
      }
      FxRate rate = FxRate.ofDecimal(CurrencyUnit.of(m.group(1)), CurrencyUnit.of(m.group(2)), m.group(3));
      if (!pairs.add(m.group(1) + "/" + m.group(2))) {
        throw new IllegalArgumentException(m.group(1) + "/" + m.group(2) + " is given twice");
      }
      rates.add(rate);
    }
    if (rates.size() > TrustBundle.MAX_FX_RATES) {
      throw new IllegalArgumentException("at most " + TrustBundle.MAX_FX_RATES + " rates, got " + rates.size());
    }
    return rates;
  }

  /** FX rates written back the way {@link #fxRates} reads them. */
  public static String fxRatesText(List<FxRate> rates) {
    return String.join(",", rates.stream()
        .map(r -> r.from().code() + "/" + r.to().code() + "=" + r.decimal()).toList());
  }

  /**
   * A tier table as {@code MINSCORE:PERPAYMENT/TOTAL} in minor units, separated by commas and
   * numbered from 1 in ascending score: {@code 550:5000/20000,650:10000/50000}.
   */
  static List<Tier> tiers(String text) {
    List<String> entries = entries(text);
    if (entries.isEmpty() || entries.size() > 32) {
      throw new IllegalArgumentException("a tier table needs 1..32 tiers, got " + entries.size());
    }
    List<Tier> tiers = new ArrayList<>();
    for (String entry : entries) {
      Matcher m = TIER.matcher(entry);
      if (!m.matches()) {
        throw new IllegalArgumentException("'" + entry + "' is not MINSCORE:PERPAYMENT/TOTAL in minor units,"
            + " e.g. 550:5000/20000");
      }
      tiers.add(new Tier(1, Integer.parseInt(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
    }
    tiers.sort(java.util.Comparator.comparingInt(Tier::minScore));
    List<Tier> numbered = new ArrayList<>();
    for (int i = 0; i < tiers.size(); i++) {
      Tier tier = tiers.get(i);
      numbered.add(new Tier(i + 1, tier.minScore(), tier.perPaymentLimitMinor(), tier.totalLimitMinor()));
    }
    return numbered;
  }

  /** A rate limit as {@code COUNT/PERIOD}: {@code 600/1m}. */
  static HttpLimits.Rate rate(String text) {
    Matcher m = RATE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not COUNT/PERIOD, e.g. 600/1m");
    }
    return new HttpLimits.Rate(Long.parseLong(m.group(1)), duration(m.group(2)));
  }

  static Duration durationBetween(String text, Duration min, Duration max) {
    Duration value = duration(text);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException("must be " + words(min) + ".." + words(max) + ", got " + text.strip());
    }
    return value;
  }

  private static String words(Duration duration) {
    return duration.toSeconds() % 86_400 == 0 ? duration.toDays() + "d"
        : duration.toSeconds() % 3600 == 0 ? duration.toHours() + "h"
        : duration.toSeconds() % 60 == 0 ? duration.toMinutes() + "m" : duration.toSeconds() + "s";
  }

  private static List<String> entries(String text) {
    List<String> entries = new ArrayList<>();
    for (String entry : text.split(",")) {
      if (!entry.isBlank()) {
        entries.add(entry.strip().replace(" ", ""));
      }
    }
    return entries;
  }
}
