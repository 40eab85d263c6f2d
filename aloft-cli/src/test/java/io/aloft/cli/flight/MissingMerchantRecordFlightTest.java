package io.aloft.cli.flight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Aloft;
import io.aloft.cli.Cli;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.app.AppLauncher;
import io.aloft.cli.app.AppServer;
import io.aloft.cli.browser.Browser;
import io.aloft.cli.http.ApiClient;
import io.aloft.server.AloftServer;
import io.aloft.server.ServerConfig;
import io.aloft.testkit.ShiftedClock;
import io.aloft.testkit.TempDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import picocli.CommandLine;

/**
 * From a shell: a passenger pays two carts with one-scan codes and keeps no receipt. One cart
 * never uploads; the other uploads a minute before the settlement window closes (the credential's
 * validity plus 72 h, passed on the server's injected clock). The wallet's sync after the window
 * shows the first bill not charged ({@code REJECTED NO_MERCHANT_RECORD}) and the second settled;
 * the forgotten cart's upload afterwards is refused, and only the second payment is charged.
 */
class MissingMerchantRecordFlightTest {
  private static final Pattern VALID_UNTIL = Pattern.compile("valid until (\\S+)");

  private Path dir;
  private String serverUrl;
  private Path adminKey;

  private Cli.Result admin(String... args) {
    List<String> all = new ArrayList<>(List.of("admin"));
    all.addAll(List.of(args));
    all.addAll(List.of("--server", serverUrl, "--admin-key-file", adminKey.toString()));
    return Cli.run(all.toArray(String[]::new));
  }

  private Cli.Result in(String device, String name, String... args) {
    List<String> all = new ArrayList<>(List.of(device, "--dir", dir.resolve(name).toString()));
    all.addAll(List.of(args));
    return Cli.run(all.toArray(String[]::new));
  }

  private String file(String name) {
    return dir.resolve(name).toString();
  }

  private static Cli.Result ok(Cli.Result result) {
    assertThat(result.exitCode()).as(result.toString()).isZero();
    return result;
  }

  private static String lastLine(Cli.Result result) {
    List<String> lines = result.out().lines().toList();
    return lines.get(lines.size() - 1);
  }

  /** The passenger app's bill screen, in English and Chinese: not charged, and why. */
  private void showsTheClosedBill(String paymentId) throws Exception {
    CommandLine.ParseResult parsed = new CommandLine(new Aloft()).parseArgs("wallet", "--dir", file("ada"), "app",
        "--listen", "127.0.0.1:0");
    while (parsed.hasSubcommand()) {
      parsed = parsed.subcommand();
    }
    try (AppServer app = ((AppLauncher) parsed.commandSpec().userObject()).launch();
        Browser browser = Browser.start(412, 915)) {
      for (String language : List.of("en", "zh")) {
        browser.open(app.url() + "bills/" + paymentId + "?lang=" + language);
        String text = browser.driver().findElement(By.tagName("body")).getText();
        assertThat(text).doesNotContain(io.aloft.server.console.Language.MISSING_MARK);
        assertThat(browser.driver().findElement(By.id("bill-explain")).getText()).isEqualTo(language.equals("en")
            ? "Not charged: the merchant's record of this payment never reached the provider within the settlement"
                + " window, so this payment is closed and will not be taken from your account."
            : "未扣款：结算期内商户的付款记录始终没有送达服务商，这笔付款已关闭，不会从您的账户扣款。");
        assertThat(text).as("nothing to scan: the bill is closed").doesNotContain(
            language.equals("en") ? "Scan a receipt" : "扫描收据");
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
        browser.screenshot("app-wallet-bill-no-merchant-record-" + language);
      }
    }
  }

  /** The console's flight page lists the closed bill as a rejection that no terminal sent. */
  private void showsTheFlightToTheOperator() {
    try (Browser browser = Browser.start(1280, 900)) {
      browser.open(serverUrl + "/console/login");
      WebElement form = browser.driver().findElement(By.id("key-login"));
      browser.driver().findElement(By.id("key")).sendKeys(TestDatabases.ADMIN_KEY);
      form.findElement(By.cssSelector("button[type=submit]")).click();
      browser.awaitGone(form, Duration.ofSeconds(10));
      for (String language : List.of("en", "zh")) {
        browser.open(serverUrl + "/console/flights/1?lang=" + language);
        List<WebElement> cells = browser.driver().findElements(By.cssSelector("tr[data-payment] td"));
        String rows = String.join(" | ", cells.stream().map(WebElement::getText).toList());
        assertThat(rows).contains(language.equals("en") ? "No merchant record within the settlement window"
            : "结算期内无商户记录").contains("–");
        assertThat(browser.consoleErrors()).isEmpty();
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'});", cells.get(0));
        browser.screenshot("console-flight-no-merchant-record-" + language);
      }
    }
  }

  @Test
  void aBillNoCartUploadedWithinTheWindow_isNotCharged_andACartThatUploadedJustInTime_isPaid() throws Exception {
    dir = Files.createTempDirectory("aloft-cli-no-record-");
    ShiftedClock clock = new ShiftedClock();
    try (AloftServer server = AloftServer.start(ServerConfig.defaults().withPort(0)
        .withDataDirectory(dir.resolve("server")).withDatabase(TestDatabases.fresh(), null, null)
        .withAdminKey(TestDatabases.ADMIN_KEY).withClock(clock))) {
      serverUrl = server.baseUrl();
      adminKey = Files.writeString(dir.resolve("admin-key"), TestDatabases.ADMIN_KEY);
      Files.writeString(dir.resolve("passphrase"), "correct horse battery staple");
      ok(admin("airline", "create", "--code", "9C", "--name", "Spring Airlines", "--key-out", file("merchant-key")));
      ok(admin("flight", "create", "--airline", "1", "--number", "8885"));
      ok(admin("account", "create", "--name", "Ada", "--score", "720", "--balance", "60.00",
          "--token-out", file("ada-token")));
      ok(in("wallet", "ada", "init", "--server", serverUrl, "--token-file", file("ada-token"),
          "--passphrase-file", file("passphrase"), "--kdf-memory-kib", "19456"));
      String enrolled = ok(in("wallet", "ada", "enrol", "--flight", "1", "--passphrase-file", file("passphrase")))
          .out();
      Matcher validUntil = VALID_UNTIL.matcher(enrolled);
      assertThat(validUntil.find()).as(enrolled).isTrue();
      Instant windowCloses = Instant.parse(validUntil.group(1)).plus(ServerConfig.DEFAULT_SETTLEMENT_WINDOW);
      for (String cart : List.of("forward", "aft")) {
        ok(in("terminal", cart, "init", "--server", serverUrl, "--merchant-key-file", file("merchant-key"),
            "--name", cart + " galley", "--flight", "1"));
      }

      String sandwich = lastLine(ok(in("wallet", "ada", "code", "12.00", "--passphrase-file", file("passphrase"))));
      assertThat(ok(in("terminal", "forward", "accept", sandwich)).out()).startsWith("PAID 12.00 CNY");
      String tea = lastLine(ok(in("wallet", "ada", "code", "8.00", "--passphrase-file", file("passphrase"))));
      assertThat(ok(in("terminal", "aft", "accept", tea)).out()).startsWith("PAID 8.00 CNY");
      assertThat(ok(in("wallet", "ada", "sync")).out()).as("inside the window both wait").contains("PENDING=2");

      clock.advanceTo(Duration.between(Instant.now(), windowCloses.minus(Duration.ofMinutes(1))));
      assertThat(ok(in("terminal", "aft", "upload")).out()).contains("SETTLED=1");
      clock.advanceTo(Duration.between(Instant.now(), windowCloses.plus(Duration.ofMinutes(1))));
      String synced = ok(in("wallet", "ada", "sync")).out();
      assertThat(synced).contains("REJECTED=1").contains("SETTLED=1")
          .containsPattern("not charged: \\S+  12\\.00 CNY  NO_MERCHANT_RECORD: No terminal sent this payment to the"
              + " provider within the settlement window\\. It is not charged\\.");
      JsonNode bills = ApiClient.json().readTree(ok(in("wallet", "ada", "bills", "--json")).out());
      assertThat(bills).extracting(bill -> bill.get("amount").asText() + " " + bill.get("state").asText() + " "
          + bill.get("reason").asText()).containsExactlyInAnyOrder("12.00 CNY REJECTED NO_MERCHANT_RECORD",
          "8.00 CNY SETTLED null");

      JsonNode closed = bills.get(0).get("amount").asText().equals("12.00 CNY") ? bills.get(0) : bills.get(1);
      showsTheClosedBill(closed.get("paymentId").asText());

      assertThat(ok(in("terminal", "forward", "upload")).out()).as("too late: the passenger was told")
          .contains("REJECTED NO_MERCHANT_RECORD=1");
      assertThat(ok(admin("account", "show", "1")).out()).contains("balance 52.00 CNY");
      JsonNode report = ApiClient.json().readTree(ok(admin("report", "flight", "1", "--json")).out());
      assertThat(report.get("payments")).hasSize(1);
      assertThat(report.at("/rejections/0/reason").asText()).isEqualTo("NO_MERCHANT_RECORD");
      assertThat(ok(admin("ledger", "check")).out()).startsWith("ledger balanced");
      showsTheFlightToTheOperator();
    } finally {
      TempDirectories.delete(dir);
    }
  }
}
