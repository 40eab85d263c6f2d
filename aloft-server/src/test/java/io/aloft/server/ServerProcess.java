package io.aloft.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real server main class ({@code aloft serve}'s settings, {@code ServerMain}) in a child JVM,
 * for tests that kill it with SIGKILL ({@link Process#destroyForcibly()}) and start it again on
 * the same database.
 */
public final class ServerProcess {
  private static final Pattern LISTENING = Pattern.compile("Aloft server on (http://\\S+)");

  private ServerProcess() {}

  /** Starts the server on {@code database}, keeping keys in {@code data}, with {@code flags} added. */
  public static Process start(Path data, String database, String... flags) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.aloft.server.config.ServerMain",
        "--port", "0", "--data-dir", data.toString(), "--db-url", database));
    command.addAll(List.of(flags));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("ALOFT_ADMIN_KEY", TestServer.ADMIN_KEY);
    builder.redirectErrorStream(true);
    return builder.start();
  }

  /** Reads the server's output until it says where it listens; the rest of its output is drained. */
  public static String baseUrl(Process server) throws IOException {
    BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    for (String line = out.readLine(); line != null; line = out.readLine()) {
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        Thread drain = new Thread(() -> drain(out), "server-process-output");
        drain.setDaemon(true);
        drain.start();
        return matcher.group(1);
      }
    }
    throw new IllegalStateException("the server exited before listening");
  }

  private static void drain(BufferedReader out) {
    try {
      while (out.readLine() != null) {
        // keep the pipe from filling up
      }
    } catch (IOException closed) {
      // the process is gone
    }
  }
}
