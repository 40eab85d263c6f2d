package io.aloft.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code aloft serve} in a child JVM of its own, as an operator runs it: {@link #start} launches it,
 * {@link #baseUrl} waits until it says where it listens. What it prints is kept for failure messages.
 */
public final class ServeProcess implements AutoCloseable {
  private static final Pattern LISTENING = Pattern.compile("Aloft server listening on (https?://[^\\s\"]+)");

  private final Process process;
  private final BufferedReader out;
  private final List<String> output = Collections.synchronizedList(new ArrayList<>());
  private String baseUrl;
  private boolean ready;

  private ServeProcess(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /** Starts {@code aloft serve ARGS} with {@code environment} added to this JVM's; returns at once. */
  public static ServeProcess start(Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), Aloft.class.getName(), "serve"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    try {
      return new ServeProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Where the server listens, once it has said so and printed its welcome (the issuer key
   * fingerprint among it); fails with everything it printed if it stopped first.
   */
  public synchronized String baseUrl() {
    if (ready) {
      return baseUrl;
    }
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        output.add(line);
        Matcher listening = LISTENING.matcher(line);
        if (baseUrl == null && listening.find()) {
          baseUrl = listening.group(1);
        }
        if (baseUrl != null && line.startsWith("Press Ctrl-C")) {
          ready = true;
          Thread drain = new Thread(this::drain, "serve-output");
          drain.setDaemon(true);
          drain.start();
          return baseUrl;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("aloft serve stopped before it listened:\n" + String.join("\n", output));
  }

  /** What the server printed so far. */
  public List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  private void drain() {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        output.add(line);
      }
    } catch (IOException closed) {
      // the process is gone
    }
  }

  /** Stops the server as Ctrl-C does, and waits for it; kills it if it does not stop. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
