package io.aloft.cli.app;

/**
 * A command that serves an app: {@link #launch} opens the device folder and starts serving
 * without blocking; the command then waits for Ctrl-C ({@link AppCommand#serve}). Tests parse the
 * command line and call {@code launch} to drive the app in a browser.
 */
public interface AppLauncher {
  /** Starts the app over the device folder; closing the server closes the device. */
  AppServer launch() throws Exception;
}
