package io.aloft.server.config;

/**
 * One thing the server can be told, and the three places it can be told it: a flag, an
 * environment variable and a key of the configuration file. Secrets have no flag and no file key
 * (a flag shows in {@code ps}, a file gets copied around): they come from a variable, or from a
 * file that a {@code …_file} setting names.
 *
 * @param key the configuration file key, dotted for tables ({@code fx.rates} is {@code rates}
 *     under {@code [fx]}); also the setting's name in messages
 * @param flag {@code --flag}, or null when there is none
 * @param variable the {@code ALOFT_…} environment variable
 * @param inFile whether the configuration file may set it
 * @param valueLabel how help shows the value: {@code PORT}, {@code DURATION}
 * @param description one sentence for {@code serve --help} and docs/configuration.md
 * @param defaultText the default as help shows it
 * @param apply reads the text into the configuration being built, or throws
 *     IllegalArgumentException saying what is expected
 */
public record Setting(String key, String flag, String variable, boolean inFile, String valueLabel,
    String description, String defaultText, Apply apply) {

  /** Applies a setting's text to the configuration being built. */
  @FunctionalInterface
  interface Apply {
    void to(Draft draft, String text);
  }

  public Setting {
    if (!variable.startsWith("ALOFT_")) {
      throw new IllegalArgumentException("variable must start with ALOFT_, got " + variable);
    }
    if (flag != null && !flag.startsWith("--")) {
      throw new IllegalArgumentException("flag must start with --, got " + flag);
    }
  }

  /** Whether the flag is a switch that takes no value ({@code --insecure-http}). */
  public boolean isSwitch() {
    return valueLabel.isEmpty();
  }
}
