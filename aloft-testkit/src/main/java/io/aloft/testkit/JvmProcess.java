package io.aloft.testkit;

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
 * A main class in a child JVM on this test JVM's classpath, for tests that run a server as an
 * operator does and kill it as a crash does. What it prints (stdout and stderr together) is
 * kept for failure messages and drained, so the pipe never fills up.
 */
public final class JvmProcess implements AutoCloseable {
  private static final int MAX_KEPT_LINES = 10_000;

  private final Process process;
  private final BufferedReader out;
  private final List<String> output = Collections.synchronizedList(new ArrayList<>());
  private String awaited;
  private boolean draining;

  private JvmProcess(Process process) {
    this.process = process;
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts {@code mainClass} with {@code args}, a 256 MiB heap, and {@code environment} added to
   * this JVM's; returns at once.
   */
  public static JvmProcess start(String mainClass, Map<String, String> environment, List<String> args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    try {
      return new JvmProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + mainClass, e);
    }
  }

  /**
   * Reads the output until a line matches {@code ready}, and returns the first group of the first
   * line that matched {@code capture} (at or before that line); from then on the output is
   * drained in the background. Answers the same on later calls. Fails with everything printed
   * if the process ends first.
   */
  public synchronized String await(Pattern capture, Pattern ready) {
    if (draining) {
      return awaited;
    }
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        keep(line);
        Matcher captured = capture.matcher(line);
        if (awaited == null && captured.find()) {
          awaited = captured.group(1);
        }
        if (awaited != null && ready.matcher(line).find()) {
          draining = true;
          Thread drain = new Thread(this::drain, "jvm-process-output");
          drain.setDaemon(true);
          drain.start();
          return awaited;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    throw new AssertionError("the process ended before it was ready:\n" + String.join("\n", output()));
  }

  /** What the process printed so far (the first lines, up to a bound). */
  public List<String> output() {
    synchronized (output) {
      return List.copyOf(output);
    }
  }

  public Process process() {
    return process;
  }

  /** Kills the process with SIGKILL, as a crash or the OOM killer does, and waits for it to be gone. */
  public void kill() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Stops the process as Ctrl-C does (SIGTERM), and waits for it; kills it if it does not stop. */
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

  private void keep(String line) {
    if (output.size() < MAX_KEPT_LINES) {
      output.add(line);
    }
  }

  private void drain() {
    try {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        keep(line);
      }
    } catch (IOException closed) {
      // the process is gone
    }
  }
}
