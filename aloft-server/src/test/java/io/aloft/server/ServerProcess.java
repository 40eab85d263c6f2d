package io.aloft.server;

import io.aloft.server.config.ServerMain;
import io.aloft.testkit.JvmProcess;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The real server main class ({@code aloft serve}'s settings, {@link ServerMain}) in a child JVM
 * of the test kit's, for tests that kill it with SIGKILL ({@link JvmProcess#kill()}) and start it
 * again on the same database.
 */
public final class ServerProcess {
  private static final Pattern LISTENING = Pattern.compile("Aloft server on (http://\\S+)");

  private ServerProcess() {}

  /** Starts the server on {@code database}, keeping keys in {@code data}, with {@code flags} added. */
  public static JvmProcess start(Path data, String database, String... flags) {
    List<String> args = new ArrayList<>(List.of("--port", "0", "--data-dir", data.toString(), "--db-url", database));
    args.addAll(List.of(flags));
    return JvmProcess.start(ServerMain.class.getName(), Map.of("ALOFT_ADMIN_KEY", TestServer.ADMIN_KEY), args);
  }

  /** Waits until the server says where it listens; its address. */
  public static String baseUrl(JvmProcess server) {
    return server.await(LISTENING, LISTENING);
  }
}
