package io.aloft.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * The logging of {@code aloft serve}: one JSON object per line on stdout ({@code logback-serve.xml}),
 * with an access log line per request, at the level {@code --log-level} or {@code ALOFT_LOG_LEVEL}
 * names. Every other command keeps {@code logback.xml}: warnings only, plain, on stderr. An operator
 * who gives logback a configuration of their own ({@code -Dlogback.configurationFile}) keeps it.
 */
final class ServeLogging {
  static final String FLAG = "--log-level";
  static final String VARIABLE = "ALOFT_LOG_LEVEL";
  static final String DEFAULT_LEVEL = "info";
  static final List<String> LEVELS = List.of("error", "warn", "info", "debug", "trace");

  private ServeLogging() {}

  /** The level from the flag, else the variable, else info; an unknown one is a usage error naming where it came from. */
  static String level(String flag, Map<String, String> environment) throws CliException {
    String variable = Optional.ofNullable(environment.get(VARIABLE)).filter(value -> !value.isEmpty()).orElse(null);
    String given = flag != null ? flag : variable != null ? variable : DEFAULT_LEVEL;
    String level = given.strip().toLowerCase(Locale.ROOT);
    if (!LEVELS.contains(level)) {
      String where = flag != null ? "flag " + FLAG : "variable " + VARIABLE;
      throw new CliException(ExitCodes.USAGE, "invalid setting log_level (" + where + "): must be one of "
          + String.join(", ", LEVELS) + ", got " + given);
    }
    return level;
  }

  /** Switches this process's logging to JSON lines on stdout, unless logback is not the backend or is configured by hand. */
  static void start(String level) {
    if (System.getProperty("logback.configurationFile") != null
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return;
    }
    URL configuration = ServeLogging.class.getResource("/logback-serve.xml");
    if (configuration == null) {
      throw new IllegalStateException("logback-serve.xml missing from the jar");
    }
    context.reset();
    context.putProperty(VARIABLE, level.toUpperCase(Locale.ROOT));
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(configuration);
    } catch (JoranException e) {
      throw new IllegalStateException("logback-serve.xml does not configure logback", e);
    }
  }
}
