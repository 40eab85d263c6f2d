package io.aloft.server.config;

/**
 * A setting that stops the start: its message names the setting and where it was given (a flag, a
 * variable, or a line of the configuration file), and what was expected.
 */
public final class InvalidSettingException extends Exception {
  public InvalidSettingException(String message) {
    super(message);
  }
}
