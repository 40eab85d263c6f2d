package io.aloft.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Cli;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.browser.Browser;
import io.aloft.cli.http.ApiClient;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.server.AloftServer;
import io.aloft.server.TestFiles;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Payouts and statements in a real headless Chromium, on a server that has flown the demo flight:
 * the operator pays the airline's whole balance out through the confirmation page, the API then
 * shows nothing owed and the payout listed, the statement (page and CSV) shows the sales, the
 * payout and a closing balance of zero, the audit log shows the payout; another airline cannot
 * open the statement; every page in both languages passes the translation, console-error and
 * axe-core checks. The language checks run first, while the airline is still owed money, so that
 * the confirmation page is seen with its form. Screenshots: {@code target/screenshots/console-payout*}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsolePayoutsBrowserTest {
  private static final long AIRLINE = 1;
  private static Path dir;
  private static AloftServer server;
  private static String base;
  private static ApiClient admin;
  private static String otherAirlineKey;
  private static long otherAirlineId;
  private Browser browser;

  @BeforeAll
  static void flyTheDemoFlight() throws Exception {
    dir = Files.createTempDirectory("aloft-payouts-");
    server = TestDatabases.server(dir.resolve("server"));
    base = server.baseUrl();
    Path adminKeyFile = dir.resolve("admin-key");
    Files.writeString(adminKeyFile, TestDatabases.ADMIN_KEY);
    Cli.Result demo = Cli.run("demo", "--server", base, "--admin-key-file", adminKeyFile.toString(), "--seed", "42",
        "--quiet", "--passengers", "6", "--terminals", "2");
    assertThat(demo.exitCode()).as(demo.toString()).isZero();
    admin = new ApiClient(base, Optional.of(TestDatabases.ADMIN_KEY));
    JsonNode other = admin.post("/v1/airlines", Map.of("code", "ZZ", "name", "Other Air", "currency", "EUR"));
    otherAirlineKey = other.get("merchantApiKey").asText();
    otherAirlineId = other.at("/airline/id").asLong();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    TestFiles.deleteTree(dir);
  }

  @BeforeEach
  void openBrowser() {
    browser = Browser.start(1280, 1600);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  /** Logs in and waits for the overview (by its address: a detached form can fail a staleness check). */
  private void logIn(String key) {
    browser.open(base + "/console/login");
    WebElement form = browser.driver().findElement(By.cssSelector("form.stack"));
    browser.driver().findElement(By.id("key")).sendKeys(key);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/console"));
  }

  private String text() {
    return browser.driver().findElement(By.tagName("body")).getText();
  }

  /** What the API says the airline is owed, per currency. */
  private static Map<String, Long> owed() throws Exception {
    Map<String, Long> owed = new LinkedHashMap<>();
    for (JsonNode line : admin.get("/v1/airlines/" + AIRLINE + "/payouts").get("owed")) {
      owed.put(line.get("currency").asText(), line.get("amountMinor").asLong());
    }
    return owed;
  }

  private static String today() {
    return LocalDate.now(ZoneOffset.UTC).toString();
  }

  private static String period() {
    return "?from=" + LocalDate.now(ZoneOffset.UTC).minusDays(1) + "&to=" + today();
  }

  @Order(1)
  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
      "payouts, en", "payouts, zh", "confirm, en", "confirm, zh", "statement, en", "statement, zh",
      "airline-payouts, en", "airline-payouts, zh", "airline-statement, en", "airline-statement, zh"})
  void everyPage_inBothLanguages_isTranslatedWithoutErrorsOrSeriousAccessibilityViolations(String page,
      String language) throws Exception {
    String currency = owed().keySet().iterator().next();
    logIn(page.startsWith("airline-") ? otherAirlineKey : TestDatabases.ADMIN_KEY);
    String path = switch (page) {
      case "payouts", "airline-payouts" -> "/console/payouts";
      case "confirm" -> "/console/payouts/new?airline=" + AIRLINE + "&currency=" + currency;
      case "statement" -> "/console/airlines/" + AIRLINE + "/statement" + period();
      default -> "/console/airlines/" + otherAirlineId + "/statement";
    };
    browser.open(base + path + (path.contains("?") ? "&" : "?") + "lang=" + language);
    assertThat(browser.driver().getPageSource()).as("no untranslated key").doesNotContain("⟦");
    assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang"))
        .isEqualTo(language.equals("zh") ? "zh-Hans" : "en");
    if (language.equals("zh")) {
      assertThat(text()).containsPattern("[\\u4e00-\\u9fff]");
    }
    if (page.equals("confirm")) {
      assertThat(browser.driver().findElements(By.id("payout-form"))).as("the airline is still owed money").hasSize(1);
    }
    browser.screenshot("console-payout-" + page + "-" + language);
    assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
    assertThat(browser.seriousAccessibilityViolations()).as("serious accessibility violations").isEmpty();
  }

  @Order(2)
  @Test
  void anAirline_cannotOpenAnotherAirlinesStatement() {
    logIn(otherAirlineKey);
    browser.open(base + "/console/airlines/" + AIRLINE + "/statement");
    assertThat(text()).contains("403").contains("does not exist or is another airline");
    assertThat(browser.driver().findElements(By.cssSelector("table.statement"))).isEmpty();
    browser.screenshot("console-payout-statement-forbidden-en");
    browser.open(base + "/console/airlines/999999/statement");
    assertThat(text()).as("a missing airline looks the same as another airline").contains("403");
    browser.open(base + "/console/airlines/" + AIRLINE + "/statement.csv");
    assertThat(text()).contains("403");
    browser.open(base + "/console/payouts/new?airline=" + AIRLINE + "&currency=CNY");
    assertThat(text()).as("only the operator pays out").contains("403");
    browser.open(base + "/console/payouts");
    assertThat(browser.driver().findElements(By.cssSelector("#owed tr[data-airline='" + AIRLINE + "']"))).isEmpty();
  }

  @Order(3)
  @Test
  void theOperator_paysTheWholeBalanceOut_andTheApiStatementCsvAndAuditLogShowIt() throws Exception {
    Map<String, Long> before = owed();
    assertThat(before.values()).as("the demo flight's sales are owed").anyMatch(amount -> amount > 0);
    logIn(TestDatabases.ADMIN_KEY);
    List<String> references = new ArrayList<>();
    for (Map.Entry<String, Long> line : before.entrySet()) {
      if (line.getValue() > 0) {
        references.add(payOut(line.getKey(), line.getValue()));
      }
    }

    assertThat(owed().values()).as("nothing owed after paying it all").allMatch(amount -> amount == 0);
    JsonNode report = admin.get("/v1/airlines/" + AIRLINE + "/settlement-report");
    report.get("ledger").forEach(line -> assertThat(line.get("merchantLedgerBalanceMinor").asLong()).isZero());
    List<String> listed = new ArrayList<>();
    admin.get("/v1/airlines/" + AIRLINE + "/payouts").get("data")
        .forEach(payout -> listed.add(payout.get("reference").asText()));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(references);
    assertThat(admin.get("/v1/ledger/check").get("balanced").asBoolean()).isTrue();

    browser.open(base + "/console/airlines/" + AIRLINE + "/statement" + period() + "&lang=en");
    for (Map.Entry<String, Long> line : before.entrySet()) {
      String currency = line.getKey();
      WebElement table = browser.driver().findElement(By.id("statement-" + currency));
      assertThat(minor(table, "payment")).as("sales after fees").isPositive();
      assertThat(minor(table, "payout")).isEqualTo(-line.getValue());
      assertThat(minor(table, "opening") + minor(table, "payment") + minor(table, "correction")
          + minor(table, "refund") + minor(table, "payout")).isEqualTo(minor(table, "closing"));
      assertThat(minor(table, "closing")).isZero();
      assertThat(table.findElement(By.cssSelector("tr[data-row='closing'] td")).getText())
          .isEqualTo(shown(0, currency));
    }
    List<String> kinds = browser.driver().findElements(By.cssSelector("#lines tbody tr")).stream()
        .map(row -> row.getAttribute("data-kind")).toList();
    assertThat(kinds).contains("payment", "payout");
    assertThat(text()).contains(references.get(0));
    browser.screenshot("console-payout-statement-paid-en");

    String csv = fetch(browser.driver().findElement(By.id("statement-csv")).getAttribute("href"));
    assertThat(csv).startsWith("row,currency,at,kind,reference,ledger_entry,entries,amount,balance\r\n");
    for (Map.Entry<String, Long> line : before.entrySet()) {
      String currency = line.getKey();
      assertThat(csv).contains("\r\nclosing," + currency + ",").contains(",," + decimal(0, currency) + "\r\n")
          .contains("\r\ntotal," + currency + ",,payout,,,1," + decimal(-line.getValue(), currency) + ",\r\n");
      assertThat(csv.lines().filter(row -> row.startsWith("total," + currency + ",,payment,")).findFirst())
          .hasValueSatisfying(row -> assertThat(row).doesNotEndWith(",0.00,"));
    }
    for (String reference : references) {
      assertThat(csv).contains(",payout," + reference + ",");
    }

    browser.open(base + "/console/audit?lang=en");
    List<String> actions = browser.driver().findElements(By.cssSelector("#audit tbody tr")).stream()
        .map(row -> row.getAttribute("data-action")).toList();
    assertThat(actions).contains("payout.created");
    assertThat(text()).contains("Paid an airline out").contains(references.get(0));
    browser.screenshot("console-payout-audit-en");
  }

  /**
   * Pays {@code owedMinor} of {@code currency} through the confirmation page, then sends the same
   * form a second time (a double submit) and checks it pays nothing more. Returns the reference.
   */
  private String payOut(String currency, long owedMinor) throws Exception {
    browser.open(base + "/console/payouts?lang=en");
    browser.driver().findElement(By.cssSelector(
        "#owed tr[data-airline='" + AIRLINE + "'][data-currency='" + currency + "'] a.pay")).click();
    assertThat(browser.driver().getCurrentUrl()).contains("/console/payouts/new");
    assertThat(text()).as("the confirmation restates the amount and who is paid")
        .contains(shown(owedMinor, currency)).contains("Pay out to");
    assertThat(browser.driver().findElement(By.id("amount")).getAttribute("value"))
        .isEqualTo(decimal(owedMinor, currency));

    WebElement amount = browser.driver().findElement(By.id("amount"));
    amount.clear();
    amount.sendKeys(decimal(owedMinor + 1, currency));
    browser.driver().findElement(By.id("pay")).click();
    WebElement refusal = new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".error-summary")));
    assertThat(refusal.getText()).contains("more than the airline is owed").contains(shown(owedMinor, currency));
    browser.screenshot("console-payout-refused-en");
    assertThat(owed().get(currency)).as("a refused payout moves nothing").isEqualTo(owedMinor);
    amount = browser.driver().findElement(By.id("amount"));
    amount.clear();
    amount.sendKeys(decimal(owedMinor, currency));
    WebElement form = browser.driver().findElement(By.id("payout-form"));
    browser.driver().findElement(By.id("bank_reference")).sendKeys("BANK-" + currency);
    Map<String, String> fields = new LinkedHashMap<>();
    for (WebElement input : form.findElements(By.tagName("input"))) {
      fields.put(input.getAttribute("name"), input.getAttribute("value"));
    }
    browser.driver().findElement(By.id("pay")).click();
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("paid=PO-"));
    WebElement notice = browser.driver().findElement(By.id("paid"));
    String reference = notice.findElement(By.tagName("h2")).getText().replaceAll(".*(PO-[0-9]+).*", "$1");
    assertThat(reference).matches("PO-[0-9]{6,}");
    assertThat(notice.getText()).contains(shown(owedMinor, currency));
    browser.screenshot("console-payout-paid-en");

    HttpResponse<String> again = postForm("/console/payouts", fields);
    assertThat(again.statusCode()).as("the same form again").isEqualTo(303);
    assertThat(again.headers().firstValue("Location")).hasValue("/console/payouts?paid=" + reference);
    assertThat(admin.get("/v1/airlines/" + AIRLINE + "/payouts").get("data")).as("paid once")
        .filteredOn(payout -> payout.at("/amount/currency").asText().equals(currency)).hasSize(1);
    return reference;
  }

  private static long minor(WebElement table, String row) {
    return Long.parseLong(table.findElement(By.cssSelector("tr[data-row='" + row + "'] td")).getAttribute("data-minor"));
  }

  private Cookie sessionCookie() {
    Cookie cookie = browser.driver().manage().getCookieNamed("aloft_console");
    assertThat(cookie).as("session cookie").isNotNull();
    return cookie;
  }

  private String fetch(String url) throws Exception {
    Cookie session = sessionCookie();
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .header("Cookie", session.getName() + "=" + session.getValue()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("text/csv"));
    return response.body();
  }

  private HttpResponse<String> postForm(String path, Map<String, String> fields) throws Exception {
    Cookie session = sessionCookie();
    String body = fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
        + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Cookie", session.getName() + "=" + session.getValue())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** An amount as the CSV and the amount field write it: plain and exact. */
  private static String decimal(long minor, String currency) {
    return BigDecimal.valueOf(minor, CurrencyUnit.of(currency).exponent()).toPlainString();
  }

  /** An amount as the English pages show it: the code, then grouped digits. */
  private static String shown(long minor, String currency) {
    java.text.NumberFormat format = java.text.NumberFormat.getNumberInstance(java.util.Locale.UK);
    format.setMinimumFractionDigits(CurrencyUnit.of(currency).exponent());
    format.setMaximumFractionDigits(CurrencyUnit.of(currency).exponent());
    return currency + " " + format.format(BigDecimal.valueOf(minor, CurrencyUnit.of(currency).exponent()));
  }
}
