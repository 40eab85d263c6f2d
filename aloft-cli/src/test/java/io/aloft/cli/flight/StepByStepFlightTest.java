package io.aloft.cli.flight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Cli;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.http.ApiClient;
import io.aloft.cli.qr.Zbar;
import io.aloft.server.AloftServer;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A flight played from a shell, one command at a time, as a new user would: the operator sets up
 * an airline, a flight and two passengers; a terminal and two wallets live in folders; codes pass
 * between wallet and terminal only as PNG files. The steps share one server and run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StepByStepFlightTest {
  private static Path dir;
  private static AloftServer server;
  private static String serverUrl;
  private static Path adminKey;
  private static String paymentId;

  @BeforeAll
  static void startServer() throws Exception {
    dir = Files.createTempDirectory("aloft-cli-flight-");
    server = TestDatabases.server(dir.resolve("server"));
    serverUrl = server.baseUrl();
    adminKey = Files.writeString(dir.resolve("admin-key"), TestDatabases.ADMIN_KEY);
    Files.writeString(dir.resolve("passphrase"), "correct horse battery staple");
  }

  @AfterAll
  static void stop() {
    server.close();
    TempDirectories.delete(dir);
  }

  private static Cli.Result admin(String... args) {
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("--server", serverUrl, "--admin-key-file", adminKey.toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  private static Cli.Result terminal(String... args) {
    List<String> all = new ArrayList<>(List.of("terminal", "--dir", dir.resolve("t1").toString()));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private static Cli.Result wallet(String name, String... args) {
    List<String> all = new ArrayList<>(List.of("wallet", "--dir", dir.resolve(name).toString()));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private static List<String> keyFiles(String wallet) {
    try (var files = java.nio.file.Files.list(dir.resolve(wallet))) {
      return files.map(p -> p.getFileName().toString()).filter(name -> name.startsWith("device.key")).sorted().toList();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
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
  void operatorSetsUpAirlineFlightAndPassengers() {
    assertThat(ok(admin("airline", "create", "--code", "9C", "--name", "Spring Airlines", "--key-out", file("merchant-key")))
        .out()).contains("airline 1 (9C) created");
    assertThat(ok(admin("flight", "create", "--airline", "1", "--number", "8881")).out()).contains("flight 1 (9C8881)");
    assertThat(ok(admin("account", "create", "--name", "Ada", "--score", "720", "--balance", "60.00",
        "--token-out", file("ada-token"))).out()).contains("score 720 (eligible)");
    assertThat(ok(admin("account", "create", "--name", "Bo", "--score", "512", "--token-out", file("bo-token")))
        .out()).contains("below 550, not eligible");
  }

  @Test
  @Order(2)
  void devicesAreSetUpAndOnlyTheEligiblePassengerEnrols() throws Exception {
    assertThat(ok(admin("airline", "registration-code", "--airline", "1", "--valid", "30m", "--code-out",
        file("galley-code"))).out()).contains("enrols one terminal until");
    assertThat(ok(terminal("init", "--server", serverUrl, "--registration-code-file", file("galley-code"),
        "--name", "Forward galley")).out()).contains("signs with its own key");
    // The code is used up: a second terminal cannot enrol with it.
    Cli.Result again = Cli.run("terminal", "--dir", dir.resolve("t2").toString(), "init", "--server", serverUrl,
        "--registration-code-file", file("galley-code"));
    assertThat(again.exitCode()).as(again.toString()).isNotZero();
    assertThat(again.err()).contains("registration-code-used");
    // Nothing the airline uses to authenticate lies in the terminal's folder.
    String merchantKey = Files.readString(dir.resolve("merchant-key")).trim();
    String code = Files.readString(dir.resolve("galley-code")).trim();
    try (var files = Files.walk(dir.resolve("t1"))) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String content = new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(content).as(f.toString()).doesNotContain(merchantKey).doesNotContain(code);
      }
    }
    // A profile written before terminals signed their own requests loses its merchant key on next use.
    Path profile = dir.resolve("t1").resolve("terminal.json");
    String original = Files.readString(profile);
    Files.writeString(profile, original.replaceFirst("\\{", "{\"merchantKey\": \"" + merchantKey + "\","));
    assertThat(ok(terminal("status")).err()).contains("removed the airline's merchant key");
    assertThat(Files.readString(profile)).doesNotContain(merchantKey).doesNotContain("merchantKey");
    for (String who : List.of("ada", "bo")) {
      ok(wallet(who, "init", "--server", serverUrl, "--token-file", file(who + "-token"),
          "--passphrase-file", file("passphrase"), "--kdf-memory-kib", "19456"));
    }
    String enrolled = ok(wallet("ada", "enrol", "--flight", "1", "--passphrase-file", file("passphrase"))).out();
    assertThat(enrolled).contains("up to 100.00 CNY per payment and 500.00 CNY in all");
    assertThat(ok(wallet("ada", "enrol", "--flight", "1", "--passphrase-file", file("passphrase"))).out())
        .as("enrolling again keeps the credential").isEqualTo(enrolled);
    assertThat(keyFiles("ada")).as("the key made at init, and one for this flight's credential")
        .hasSize(2).contains("device.key").anyMatch(name -> name.matches("device\\.key\\.[0-9a-f]{16}"));
    Cli.Result refused = wallet("bo", "enrol", "--flight", "1", "--passphrase-file", file("passphrase"));
    assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(1);
    assertThat(refused.err()).contains("score_too_low").contains("needs at least 550");
    assertThat(keyFiles("bo")).as("a refused enrolment keeps no key").containsExactly("device.key");
    assertThat(ok(terminal("sync", "--flight", "1")).out()).contains("1 passengers enrolled");
  }

  @Test
  @Order(3)
  void handshakeThroughPngFiles_paysOnceAndRefusesTheReplay() throws Exception {
    Cli.Result request = ok(terminal("request", "--item", "Jasmine tea:2:15.00", "--item", "Peanuts:1:8.00",
        "--png", file("request.png")));
    assertThat(request.out()).contains("request for 38.00 CNY");
    Cli.Result pay = ok(wallet("ada", "pay", file("request.png"), "--yes", "--passphrase-file", file("passphrase"),
        "--png", file("authorization.png")));
    assertThat(pay.out()).contains("Pay 38.00 CNY to Forward galley?").contains("2 x Jasmine tea @ 15.00");
    Cli.Result accepted = ok(terminal("accept", file("authorization.png"), "--png", file("receipt.png")));
    assertThat(accepted.out()).startsWith("PAID 38.00 CNY payment ");
    paymentId = accepted.out().lines().findFirst().orElseThrow().split(" ")[4];

    Cli.Result replay = terminal("accept", file("authorization.png"));
    assertThat(replay.exitCode()).isEqualTo(1);
    assertThat(replay.out()).startsWith("REFUSED REPLAYED_COUNTER: This code has already been used.");
    assertThat(ok(wallet("ada", "keep", file("receipt.png"))).out()).contains("kept with bill " + paymentId);
  }

  @Test
  @Order(4)
  void pngsTheCommandsWrite_areReadByAnIndependentDecoder() throws Exception {
    assumeTrue(Zbar.installed(), "zbarimg (Debian zbar-tools) is not installed; .ci/run installs it");
    for (String png : List.of("request.png", "authorization.png", "receipt.png")) {
      assertThat(Zbar.decode(dir.resolve(png))).as(png).startsWith("AL1");
    }
  }

  @Test
  @Order(5)
  void oneScanCodeAndRefund_areKeptByTheWallet() {
    ok(wallet("ada", "code", "12.00", "--passphrase-file", file("passphrase"), "--png", file("code.png")));
    assertThat(ok(terminal("accept", file("code.png"))).out()).startsWith("PAID 12.00 CNY");
    ok(terminal("refund", paymentId, "15.00", "--png", file("refund.png")));
    assertThat(ok(wallet("ada", "keep", file("refund.png"))).out()).contains("refunded 15.00 CNY");

    Cli.Result tooMuch = wallet("ada", "code", "150.00", "--passphrase-file", file("passphrase"));
    assertThat(tooMuch.exitCode()).isEqualTo(1);
    assertThat(tooMuch.err()).contains("OVER_PAYMENT_LIMIT");
  }

  @Test
  @Order(6)
  void statusAndJournal_agreeOnWhatWasSold() throws Exception {
    JsonNode terminalStatus = ApiClient.json().readTree(ok(terminal("status", "--json")).out());
    assertThat(terminalStatus.get("pendingPayments").asLong()).isEqualTo(2);
    assertThat(terminalStatus.at("/pendingTotals/CNY").asText()).isEqualTo("50.00");
    assertThat(ok(terminal("verify-journal")).out()).contains("journal intact: 3 entries");
    JsonNode walletStatus = ApiClient.json().readTree(ok(wallet("ada", "status", "--json")).out());
    assertThat(walletStatus.get("spent").asText()).isEqualTo("50.00 CNY");
    assertThat(ok(wallet("ada", "bills")).out().lines()).hasSize(2);
  }

  @Test
  @Order(6)
  void exportToAMissingFolder_createsIt_andAPathThatCannotBeAFolder_isAUsageErrorNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
    Cli.Result onAFile = terminal("upload", "--export-dir", file.toString());
    assertThat(onAFile.exitCode()).as(onAFile.toString()).isEqualTo(2);
    assertThat(onAFile.err()).contains("--export-dir " + file).contains("is a file, not a folder")
        .doesNotContain(".tmp");
    Path underAFile = file.resolve("batches");
    Cli.Result cannotCreate = terminal("upload", "--export-dir", underAFile.toString());
    assertThat(cannotCreate.exitCode()).as(cannotCreate.toString()).isEqualTo(2);
    assertThat(cannotCreate.err()).contains("--export-dir " + underAFile).contains("cannot create the folder")
        .contains("nothing was exported");

    Path missing = dir.resolve("no-such-folder").resolve("batches");
    Cli.Result export = ok(terminal("upload", "--export-dir", missing.toString()));
    assertThat(export.out()).startsWith("wrote " + missing.resolve("terminal-"));
    try (var written = Files.list(missing)) {
      assertThat(written.map(p -> p.getFileName().toString()).toList()).singleElement().asString().endsWith(".alb");
    }
    JsonNode terminalStatus = ApiClient.json().readTree(ok(terminal("status", "--json")).out());
    assertThat(terminalStatus.get("pendingPayments").asLong()).as("exported, not yet settled").isEqualTo(2);
  }

  @Test
  @Order(7)
  void afterLanding_uploadsSettleOnce_andTheLedgerBalances() throws Exception {
    Cli.Result upload = ok(terminal("upload"));
    // Two payments and the refund note.
    assertThat(upload.out()).contains("SETTLED=3").contains("nothing pending");
    assertThat(ok(wallet("ada", "sync")).out()).contains("SETTLED=2");
    assertThat(ok(terminal("upload")).out()).contains("uploaded 0 batches");
    // A rotated merchant key changes nothing for the enrolled terminal: it signs with its own key.
    assertThat(ok(admin("airline", "rotate-key", "--airline", "1", "--key-out", file("merchant-key-2"))).out())
        .contains("1 earlier revoked");
    assertThat(ok(terminal("sync")).out()).contains("installed trust bundle");
    assertThat(ok(terminal("upload")).out()).contains("uploaded 0 batches");

    assertThat(ok(admin("account", "show", "1")).out()).contains("balance 25.00 CNY");
    JsonNode report = ApiClient.json().readTree(ok(admin("report", "flight", "1", "--json")).out());
    assertThat(report.at("/totals/0/salesMinor").asLong()).isEqualTo(5_000);
    assertThat(report.at("/totals/0/refundsMinor").asLong()).isEqualTo(1_500);
    assertThat(report.get("payments")).hasSize(2);
    assertThat(ok(admin("ledger", "check")).out()).startsWith("ledger balanced");
  }

  @Test
  @Order(8)
  void onAFlightWithATenSecondWindow_theWalletShowsFreshCodes_andTheScreenshotOfAnOldOneIsRefused() {
    assertThat(ok(admin("flight", "create", "--airline", "1", "--number", "8883", "--one-scan-window", "10s",
        "--max-one-scan", "CNY:20.00")).out())
        .contains("flight 2 (9C8883)").contains("one-scan codes good for 10 s, at most 20.00 CNY");
    ok(admin("account", "create", "--name", "Cy", "--score", "720", "--balance", "60.00", "--token-out", file("cy-token")));
    ok(wallet("cy", "init", "--server", serverUrl, "--token-file", file("cy-token"),
        "--passphrase-file", file("passphrase"), "--kdf-memory-kib", "19456"));
    ok(wallet("cy", "enrol", "--flight", "2", "--passphrase-file", file("passphrase")));
    ok(Cli.run("terminal", "--dir", file("t2"), "init", "--server", serverUrl, "--merchant-key-file",
        file("merchant-key-2"), "--name", "Aft galley", "--flight", "2"));

    Cli.Result tooBig = wallet("cy", "code", "25.00", "--passphrase-file", file("passphrase"));
    assertThat(tooBig.exitCode()).as(tooBig.toString()).isEqualTo(1);
    assertThat(tooBig.err()).contains("ONE_SCAN_TOO_LARGE").contains("payment request");

    Cli.Result shown = ok(wallet("cy", "code", "12.00", "--passphrase-file", file("passphrase"),
        "--png", file("fresh.png"), "--refresh-every", "2s", "--refreshes", "1"));
    List<String> codes = shown.out().lines().filter(line -> line.startsWith("AL1")).toList();
    assertThat(codes).hasSize(2).doesNotHaveDuplicates();
    assertThat(shown.out()).contains("FRESH code 1 of at most 1");

    Cli.Result screenshot = Cli.run("terminal", "--dir", file("t2"), "accept", codes.get(0));
    assertThat(screenshot.exitCode()).as(screenshot.toString()).isEqualTo(1);
    assertThat(screenshot.out()).startsWith("REFUSED ONE_SCAN_CODE_STALE: This code is too old.");
    assertThat(ok(Cli.run("terminal", "--dir", file("t2"), "accept", file("fresh.png"))).out())
        .startsWith("PAID 12.00 CNY");
  }
}
