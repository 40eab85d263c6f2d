package io.aloft.bench;

import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import io.aloft.server.settlement.Settlement;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The second settlement node of {@link SettlementThroughput}'s two-node mode: an Aloft server in
 * a JVM of its own, on the benchmark's PostgreSQL, with the first node's issuer and admin keys
 * (copied into its data folder). The benchmark drives it through standard input and output, one
 * line each way:
 *
 * <ul>
 *   <li>{@code settle <airline id> <threads> <batch file>}: settles every terminal batch of the
 *       file from that many threads, each batch through {@code Settlement.settleBatch} as the
 *       first node does, and answers {@code settled} (or {@code failed <why>});</li>
 *   <li>{@code quit}: stops the server and the JVM.</li>
 * </ul>
 *
 * <p>A batch file is a 32-bit count, then per batch a 32-bit length and the encoded batch.
 */
final class SettlementNode implements AutoCloseable {
  private static final String READY = "ready";
  private static final long START_SECONDS = 120;

  private final Process process;
  private final PrintWriter commands;
  private final BufferedReader answers;
  private final Path folder;

  private SettlementNode(Process process, Path folder) {
    this.process = process;
    this.folder = folder;
    this.commands = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
    this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  /**
   * Starts a node on the embedded PostgreSQL of the server whose data folder is {@code firstData}
   * (its {@code postgres} folder names the port and holds the application login's password).
   */
  static SettlementNode start(Path firstData) throws IOException {
    Path postgres = firstData.resolve("postgres");
    String port = Files.readAllLines(postgres.resolve("postmaster.pid")).get(3).trim();
    Path folder = Files.createTempDirectory("aloft-settlement-node-");
    copyTree(firstData.resolve("issuer-keys"), folder.resolve("issuer-keys"));
    Files.copy(firstData.resolve("admin-key"), folder.resolve("admin-key"), StandardCopyOption.COPY_ATTRIBUTES);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        SettlementThroughput.class.getName(), "node", folder.toString(),
        "jdbc:postgresql://127.0.0.1:" + port + "/aloft", "aloft", postgres.resolve("aloft-application.password").toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
    SettlementNode node = new SettlementNode(process, folder);
    String first = node.answers.readLine();
    if (!READY.equals(first)) {
      node.close();
      throw new IllegalStateException("the second node did not start: " + first);
    }
    return node;
  }

  long pid() {
    return process.pid();
  }

  /** Hands the node {@code batches} to settle; {@link #await} waits for it to finish. */
  void settle(long airlineId, int threads, List<byte[]> batches) throws IOException {
    Path file = folder.resolve("batches");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
      out.writeInt(batches.size());
      for (byte[] batch : batches) {
        out.writeInt(batch.length);
        out.write(batch);
      }
    }
    commands.println("settle " + airlineId + " " + threads + " " + file);
  }

  void await() throws IOException {
    String answer = answers.readLine();
    if (!"settled".equals(answer)) {
      throw new IllegalStateException("the second node: " + answer);
    }
  }

  @Override
  public void close() throws IOException {
    commands.println("quit");
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroy();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroy();
    }
    SettlementThroughput.deleteTree(folder);
  }

  /** The node's side: {@code node <data folder> <JDBC URL> <user> <password file>}. */
  static void run(String[] args) throws Exception {
    String password = Files.readString(Path.of(args[4])).trim();
    ServerConfig config = ServerConfig.defaults().withPort(0).withDataDirectory(Path.of(args[1]))
        .withDatabase(args[2], args[3], password);
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (AloftServer server = AloftServer.start(config)) {
      Settlement settlement = server.settlement();
      System.out.println(READY);
      System.out.flush();
      for (String line = in.readLine(); line != null && !line.equals("quit"); line = in.readLine()) {
        String[] command = line.split(" ");
        long airlineId = Long.parseLong(command[1]);
        try {
          SettlementThroughput.timed(read(Path.of(command[3])), Integer.parseInt(command[2]),
              bytes -> SettlementThroughput.settleAll(settlement, airlineId, bytes));
          System.out.println("settled");
        } catch (Exception | AssertionError e) {
          System.out.println("failed " + e);
        }
        System.out.flush();
      }
    }
  }

  private static List<byte[]> read(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
      int count = in.readInt();
      List<byte[]> batches = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        batches.add(in.readNBytes(in.readInt()));
      }
      return batches;
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        // With their permissions: the server refuses key files that other users could read.
        Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }
}
