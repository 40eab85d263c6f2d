package io.aloft.server.config;

import io.aloft.server.ServerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a {@link ServerConfig} from flags, {@code ALOFT_*} environment variables and the optional
 * configuration file. For each setting the flag wins over the variable, the variable over the
 * file, and the file over the default. An empty variable counts as not set.
 */
public final class ServerSettings {
  public static final String CONFIG_FLAG = "--config";
  public static final String CONFIG_VARIABLE = "ALOFT_CONFIG";

  private ServerSettings() {}

  /**
   * @param flags the flags given, by setting key ({@link Setting#key()}); {@code config} names the
   *     configuration file
   * @param environment the process environment (only {@code ALOFT_*} names are read)
   * @param base the defaults, {@link ServerConfig#defaults()} but for what embedding code injects
   */
  public static ServerConfig resolve(Map<String, String> flags, Map<String, String> environment, ServerConfig base)
      throws InvalidSettingException {
    Map<String, ConfigFile.Entry> file = Map.of();
    String fileSource = null;
    Optional<String> configPath = given(flags.get("config")).or(() -> given(environment.get(CONFIG_VARIABLE)));
    if (configPath.isPresent()) {
      file = ConfigFile.read(Path.of(configPath.get()));
      fileSource = configPath.get();
    }
    Draft draft = new Draft(base);
    for (Setting setting : Settings.ALL) {
      Optional<Given> value = pick(setting, flags, environment, file, fileSource);
      if (value.isPresent()) {
        try {
          setting.apply().to(draft, value.get().text());
        } catch (IllegalArgumentException e) {
          throw new InvalidSettingException("invalid setting " + setting.key() + " (" + value.get().source() + "): "
              + e.getMessage());
        }
      }
    }
    Optional<String> problem = draft.problem();
    if (problem.isPresent()) {
      throw new InvalidSettingException(problem.get());
    }
    return draft.finish();
  }

  /** A setting's text and where it came from, as messages name it. */
  private record Given(String text, String source) {}

  private static Optional<Given> pick(Setting setting, Map<String, String> flags, Map<String, String> environment,
      Map<String, ConfigFile.Entry> file, String fileSource) {
    if (setting.flag() != null && flags.containsKey(setting.key())) {
      return Optional.of(new Given(flags.get(setting.key()), "flag " + setting.flag()));
    }
    Optional<String> variable = given(environment.get(setting.variable()));
    if (variable.isPresent()) {
      return Optional.of(new Given(variable.get(), "variable " + setting.variable()));
    }
    ConfigFile.Entry entry = file.get(setting.key());
    if (entry != null) {
      return Optional.of(new Given(entry.text(), fileSource + (entry.line() > 0 ? " line " + entry.line() : "")));
    }
    return Optional.empty();
  }

  private static Optional<String> given(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
  }

  /**
   * Reads {@code --flag value}, {@code --flag=value} and switches such as {@code --insecure-http}
   * into flags by setting key, for {@link #resolve}. The CLI's {@code aloft serve} parses with
   * picocli instead, from the same table.
   */
  public static Map<String, String> flags(String[] args) throws InvalidSettingException {
    Map<String, String> flags = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int equals = arg.indexOf('=');
      String flag = equals > 0 ? arg.substring(0, equals) : arg;
      String key = flag.equals(CONFIG_FLAG) ? "config" : Settings.ALL.stream()
          .filter(s -> flag.equals(s.flag())).map(Setting::key).findFirst()
          .orElseThrow(() -> new InvalidSettingException("unknown flag " + flag + " (--help lists them)"));
      boolean isSwitch = !key.equals("config") && Settings.byKey(key).orElseThrow().isSwitch();
      if (equals > 0) {
        flags.put(key, arg.substring(equals + 1));
      } else if (isSwitch) {
        flags.put(key, "true");
      } else if (i + 1 < args.length) {
        flags.put(key, args[++i]);
      } else {
        throw new InvalidSettingException("flag " + flag + " needs a value");
      }
    }
    return flags;
  }

  /** Every setting with its flag, variable, file key and default, as help shows them. */
  public static String help() {
    StringBuilder text = new StringBuilder();
    text.append("  ").append(CONFIG_FLAG).append(" FILE  (").append(CONFIG_VARIABLE)
        .append(")  TOML configuration file; flag > variable > file > default\n");
    for (Setting setting : Settings.ALL) {
      text.append("  ").append(setting.flag() != null ? setting.flag() + (setting.isSwitch() ? "" : " "
          + setting.valueLabel()) : "(no flag)");
      text.append("  (").append(setting.variable()).append(setting.inFile() ? "; file: " + setting.key() : "")
          .append(")\n      ").append(setting.description()).append(" Default: ").append(setting.defaultText())
          .append(".\n");
    }
    return text.toString();
  }
}
