package io.aloft.cli.flight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Cli;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.http.ApiClient;
import io.aloft.server.AloftServer;
import io.aloft.testkit.TempDirectories;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Four carts of one flight in cabin sync, each run by {@code aloft terminal cabin} in its own
 * process, while a passenger's copied wallet folders and a screenshotted one-scan code are shown
 * at all four, through the CLI as a crew and a fraudster would use it. What the carts accept in
 * all stays within the total limit L plus one per-payment limit p per cart: L + 4 × p.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(300)
class CabinFlightTest {
  private static final int CARTS = 4;
  /** Score 720 enrols with 100.00 per payment and 500.00 in all (minor units). */
  private static final long P = 10_000;
  private static final long L = 50_000;

  private static Path dir;
  private static AloftServer server;
  private static String serverUrl;
  private static Path adminKey;
  private static final List<Process> cabins = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    dir = Files.createTempDirectory("aloft-cli-cabin-");
    server = TestDatabases.server(dir.resolve("server"));
    serverUrl = server.baseUrl();
    adminKey = Files.writeString(dir.resolve("admin-key"), TestDatabases.ADMIN_KEY);
    Files.writeString(dir.resolve("passphrase"), "correct horse battery staple");
  }

  @AfterAll
  static void stop() throws InterruptedException {
    for (Process cabin : cabins) {
      cabin.destroy();
    }
    for (Process cabin : cabins) {
      cabin.waitFor();
    }
    server.close();
    TempDirectories.delete(dir);
  }

  private static Cli.Result admin(String... args) {
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("--server", serverUrl, "--admin-key-file", adminKey.toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  private static Cli.Result terminal(int cart, String... args) {
    List<String> all = new ArrayList<>(List.of("terminal", "--dir", dir.resolve("cart-" + cart).toString()));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private static Cli.Result wallet(String name, String... args) {
    List<String> all = new ArrayList<>(List.of("wallet", "--dir", dir.resolve(name).toString()));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private static String file(String name) {
    return dir.resolve(name).toString();
  }

  private static Cli.Result ok(Cli.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  @Test
  @Order(1)
  void airlineCartsAndAPassenger_areSetUp_andTheWalletIsCopiedThreeTimes() throws IOException {
    ok(admin("airline", "create", "--code", "9C", "--name", "Spring Airlines", "--key-out", file("merchant-key")));
    ok(admin("flight", "create", "--airline", "1", "--number", "8881"));
    ok(admin("account", "create", "--name", "Ada", "--score", "720", "--balance", "2000.00",
        "--token-out", file("ada-token")));
    for (int cart = 0; cart < CARTS; cart++) {
      ok(terminal(cart, "init", "--server", serverUrl, "--merchant-key-file", file("merchant-key"),
          "--name", "Cart " + (cart + 1)));
    }
    ok(wallet("ada", "init", "--server", serverUrl, "--token-file", file("ada-token"),
        "--passphrase-file", file("passphrase"), "--kdf-memory-kib", "19456"));
    assertThat(ok(wallet("ada", "enrol", "--flight", "1", "--passphrase-file", file("passphrase"))).out())
        .contains("up to 100.00 CNY per payment and 500.00 CNY in all");
    for (int cart = 0; cart < CARTS; cart++) {
      ok(terminal(cart, "sync", "--flight", "1"));
    }
    for (int copy = 1; copy < CARTS; copy++) {
      copyTree(dir.resolve("ada"), dir.resolve("ada-" + copy));
    }
  }

  @Test
  @Order(2)
  void cabinProcesses_authenticateEachOther_andStatusShowsEveryPeerInContact() throws Exception {
    int[] ports = new int[CARTS];
    for (int cart = 0; cart < CARTS; cart++) {
      try (ServerSocket probe = new ServerSocket(0)) {
        ports[cart] = probe.getLocalPort();
      }
    }
    for (int cart = 0; cart < CARTS; cart++) {
      List<String> command = new ArrayList<>(List.of(java(), "-Xmx96m", "-XX:TieredStopAtLevel=1", "-cp",
          System.getProperty("java.class.path"), "io.aloft.cli.Aloft", "terminal", "--dir",
          dir.resolve("cart-" + cart).toString(), "cabin", "--listen", "127.0.0.1:" + ports[cart],
          "--sync-interval", "1s", "--for", "4m"));
      for (int peer = 0; peer < CARTS; peer++) {
        if (peer != cart) {
          command.addAll(List.of("--peer", "127.0.0.1:" + ports[peer]));
        }
      }
      cabins.add(new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(dir.resolve("cabin-" + cart + ".log").toFile()).start());
    }
    long deadline = System.nanoTime() + 90_000_000_000L;
    for (int cart = 0; cart < CARTS; cart++) {
      while (true) {
        JsonNode status = ApiClient.json().readTree(ok(terminal(cart, "status", "--json")).out());
        if (status.at("/cabin/outOfContact").asInt() == 0 && status.at("/cabin/peers").size() == CARTS - 1) {
          assertThat(status.at("/cabin/openExposure/0").asText()).isEqualTo("0.00 CNY");
          break;
        }
        assertThat(System.nanoTime()).as("cart %d hears its 3 peers; cabin log:%n%s", cart,
            Files.readString(dir.resolve("cabin-" + cart + ".log"))).isLessThan(deadline);
        Thread.sleep(500);
      }
    }
    assertThat(ok(terminal(0, "status")).out()).contains("3 of 3 other terminals in contact");
  }

  @Test
  @Order(3)
  void aScreenshotAndThreeCopiesOfAWallet_atFourCartsInContact_takeAtMostLPlusFourP() throws Exception {
    long taken = 0;
    List<String> refusals = new ArrayList<>();
    String screenshot = ok(wallet("ada", "code", "100.00", "--passphrase-file", file("passphrase"))).lastLine();
    for (int cart = 0; cart < CARTS; cart++) {
      taken += accept(cart, screenshot, refusals);
    }
    // Each copy pays 100.00 at its own cart until its own wallet stops at the total limit.
    for (int round = 0; round < 6; round++) {
      for (int copy = 0; copy < CARTS; copy++) {
        Cli.Result code = wallet(copy == 0 ? "ada" : "ada-" + copy, "code", "100.00",
            "--passphrase-file", file("passphrase"));
        if (code.exitCode() == 0) {
          taken += accept(copy, code.lastLine(), refusals);
        }
      }
    }
    System.out.printf("CabinFlightTest: %d cabin carts accepted %d.%02d CNY in all (L + 4p = %d.%02d); refusals %s%n",
        CARTS, taken / 100, taken % 100, (L + CARTS * P) / 100, (L + CARTS * P) % 100, refusals);
    assertThat(taken).as("accepted in all; refusals %s", refusals).isLessThanOrEqualTo(L + CARTS * P)
        .isGreaterThanOrEqualTo(L);
    assertThat(refusals).contains("REPLAYED_COUNTER");
    for (Process cabin : cabins) {
      assertThat(cabin.isAlive()).isTrue();
    }
  }

  /** Minor units the cart accepted (0 if refused, with the reason noted). */
  private static long accept(int cart, String code, List<String> refusals) {
    Cli.Result result = terminal(cart, "accept", code);
    if (result.exitCode() == 0) {
      assertThat(result.out()).startsWith("PAID 100.00 CNY");
      return P;
    }
    assertThat(result.out()).as(result.toString()).startsWith("REFUSED ");
    refusals.add(result.out().split("[ :]")[1]);
    return 0;
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          // As the original: a wallet folder open to other users is refused.
          Files.createDirectories(target, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
              java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }
}
