package io.aloft.cli;

import io.aloft.testkit.JvmProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code aloft serve} in a child JVM of the test kit's, as an operator runs it. What it prints is
 * kept ({@link JvmProcess#output()}) for failure messages and for what a test reads from it.
 */
public final class ServeProcess {
  private static final Pattern LISTENING = Pattern.compile("Aloft server listening on (https?://[^\\s\"]+)");
  private static final Pattern WELCOMED = Pattern.compile("^Press Ctrl-C");

  private ServeProcess() {}

  /** Starts {@code aloft serve ARGS} with {@code environment} added to this JVM's; returns at once. */
  public static JvmProcess start(Map<String, String> environment, String... args) {
    List<String> command = new ArrayList<>(List.of("serve"));
    command.addAll(List.of(args));
    return JvmProcess.start(Aloft.class.getName(), environment, command);
  }

  /**
   * Where the server listens, once it has said so and printed its welcome (the issuer key
   * fingerprint among it); fails with everything it printed if it stopped first.
   */
  public static String baseUrl(JvmProcess serve) {
    return serve.await(LISTENING, WELCOMED);
  }
}
