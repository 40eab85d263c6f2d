package io.aloft.cli;

import io.aloft.server.config.SettingValues;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads durations as people write them: {@code 90m}, {@code 2h}, {@code 1h30m}, {@code 45s}, {@code 1d};
 * the same grammar as the server's settings ({@link SettingValues#duration}).
 */
public final class Durations implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String text) {
    return parse(text);
  }

  public static Duration parse(String text) {
    try {
      return SettingValues.duration(text);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
