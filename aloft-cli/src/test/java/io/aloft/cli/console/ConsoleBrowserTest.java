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
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The operator console in a real headless Chromium, on a server that has flown the demo flight
 * through the SDKs: what the pages show against the JSON API, who may see what, the session and
 * CSRF rules, and every page in both languages without console errors or serious accessibility
 * violations. Screenshots go to {@code target/screenshots/console-*.png}.
 */
class ConsoleBrowserTest {
  private static Path dir;
  private static AloftServer server;
  private static String base;
  private static long flightId;
  private static String otherAirlineKey;
  private Browser browser;

  @BeforeAll
  static void flyTheDemoFlight() throws Exception {
    dir = Files.createTempDirectory("aloft-console-");
    server = TestDatabases.server(dir.resolve("server"));
    base = server.baseUrl();
    Path adminKeyFile = dir.resolve("admin-key");
    Files.writeString(adminKeyFile, TestDatabases.ADMIN_KEY);
    Cli.Result demo = Cli.run("demo", "--server", base, "--admin-key-file", adminKeyFile.toString(), "--seed", "42",
        "--quiet", "--passengers", "6", "--terminals", "2");
    assertThat(demo.exitCode()).as(demo.toString()).isZero();
    ApiClient admin = new ApiClient(base, Optional.of(TestDatabases.ADMIN_KEY));
    flightId = admin.get("/v1/airlines/1/flights").at("/data/0/id").asLong();
    JsonNode other = admin.post("/v1/airlines", Map.of("code", "ZZ", "name", "Other Air", "currency", "EUR"));
    otherAirlineKey = other.get("merchantApiKey").asText();
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
    browser = Browser.start(1280, 2000);
  }

  @AfterEach
  void closeBrowser() {
    browser.close();
  }

  /** Logs in and waits for the answer: the overview for a good key, the login page again for a bad one. */
  private void logIn(String key) {
    browser.open(base + "/console/login");
    WebElement form = browser.driver().findElement(By.cssSelector("form.stack"));
    browser.driver().findElement(By.id("key")).sendKeys(key);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    browser.awaitGone(form, Duration.ofSeconds(10));
  }

  private String text() {
    return browser.driver().findElement(By.tagName("body")).getText();
  }

  @Test
  void theHomePage_leadsToTheLogin_andAWrongKeyIsRefusedInWords() {
    browser.open(base + "/");
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(base + "/console/login");
    logIn("not-a-key");
    assertThat(browser.driver().findElement(By.cssSelector(".error-summary")).getText())
        .contains("not an operator or airline key");
    browser.screenshot("console-login-refused-en");
    assertThat(browser.consoleErrors()).as("only the refusal's own 401")
        .allMatch(error -> error.contains("/console/login") && error.contains("401"));
  }

  @Test
  void theFlightPage_showsTheApisTotalsPaymentsAndItemSales_andTheCsvEqualsTheReport() throws Exception {
    logIn(TestDatabases.ADMIN_KEY);
    browser.open(base + "/console/flights/" + flightId + "?lang=en");
    JsonNode report = new ApiClient(base, Optional.of(TestDatabases.ADMIN_KEY))
        .get("/v1/flights/" + flightId + "/settlement-report");

    assertThat(report.get("totals").size()).isPositive();
    for (JsonNode total : report.get("totals")) {
      WebElement row = browser.driver().findElement(
          By.cssSelector("#totals tr[data-currency='" + total.get("currency").asText() + "']"));
      List<WebElement> cells = row.findElements(By.cssSelector("td[data-minor]"));
      assertThat(cells.get(0).getAttribute("data-minor")).isEqualTo(total.get("salesMinor").asText());
      assertThat(cells.get(1).getAttribute("data-minor")).isEqualTo(total.get("refundsMinor").asText());
      assertThat(cells.get(2).getAttribute("data-minor")).isEqualTo(total.get("feesMinor").asText());
      assertThat(cells.get(3).getAttribute("data-minor")).isEqualTo(total.get("netPayableMinor").asText());
      assertThat(cells.get(0).getText()).isEqualTo(decimal(total.get("salesMinor").asLong(), total.get("currency").asText()));
    }
    List<String> shownPayments = browser.driver().findElements(By.cssSelector("#payments tbody tr")).stream()
        .map(row -> row.getAttribute("data-payment")).toList();
    List<String> apiPayments = new ArrayList<>();
    report.get("payments").forEach(payment -> apiPayments.add(payment.get("paymentId").asText()));
    assertThat(shownPayments).containsExactlyInAnyOrderElementsOf(apiPayments);
    List<String> shownUnpaid = browser.driver().findElements(By.cssSelector("#unpaid tbody tr")).stream()
        .map(row -> row.getAttribute("data-payment")).toList();
    List<String> apiUnpaid = new ArrayList<>();
    report.get("rejections").forEach(rejection -> apiUnpaid.add(rejection.get("paymentId").asText()));
    assertThat(shownUnpaid).containsExactlyInAnyOrderElementsOf(apiUnpaid);

    // The demo's handshake sales carry line items; their sum is part of the sales total.
    List<WebElement> items = browser.driver().findElements(By.cssSelector("#items tbody tr"));
    assertThat(items).isNotEmpty();
    long itemSales = items.stream().mapToLong(row -> Long.parseLong(
        row.findElement(By.cssSelector("td[data-minor]")).getAttribute("data-minor"))).sum();
    assertThat(itemSales).isPositive().isLessThanOrEqualTo(report.at("/totals/0/salesMinor").asLong());
    browser.screenshot("console-flight-en");

    String csv = fetch("/console/flights/" + flightId + "/report.csv", sessionCookie());
    List<String> lines = csv.lines().toList();
    assertThat(lines.get(0)).startsWith("payment_id,terminal_id,kind,outcome,reason,amount");
    // One row per acceptance: a code accepted at two terminals is two rows with one payment id.
    List<String> csvRows = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      csvRows.add(cells[0] + " " + cells[1] + " " + cells[3] + " " + cells[5] + " " + cells[8]);
    }
    List<String> apiRows = new ArrayList<>();
    for (JsonNode payment : report.get("payments")) {
      apiRows.add(payment.get("paymentId").asText() + " " + payment.get("terminalId").asText() + " SETTLED "
          + decimalPlain(payment.get("chargedMinor").asLong(), payment.get("currency").asText()) + " "
          + payment.get("currency").asText());
    }
    for (JsonNode rejection : report.get("rejections")) {
      apiRows.add(rejection.get("paymentId").asText() + " " + rejection.get("terminalId").asText() + " REJECTED  ");
    }
    assertThat(csvRows).containsExactlyInAnyOrderElementsOf(apiRows);
  }

  @Test
  void anAirline_cannotOpenAnotherAirlinesFlight() {
    logIn(otherAirlineKey);
    assertThat(text()).contains("Airline 2");
    browser.open(base + "/console/flights/" + flightId);
    assertThat(text()).contains("403").contains("does not exist or belongs to another airline");
    assertThat(browser.driver().findElements(By.id("payments"))).isEmpty();
    browser.screenshot("console-forbidden-en");
    browser.open(base + "/console/flights/999999");
    assertThat(text()).as("a missing flight looks the same as another airline's").contains("403");
    browser.open(base + "/console/flights");
    assertThat(text()).contains("No flights match");
  }

  @Test
  void aPostWithoutTheCsrfToken_isRefused_andLoggingOut_endsTheSession() throws Exception {
    logIn(TestDatabases.ADMIN_KEY);
    Cookie session = sessionCookie();
    HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base
        + "/console/logout")).header("Cookie", session.getName() + "=" + session.getValue())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("csrf=forged")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("This form has expired");
    browser.open(base + "/console");
    assertThat(text()).as("the forged post did not log out").contains("Today at a glance");

    browser.driver().findElement(By.cssSelector("form[action='/console/logout'] button")).click();
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(base + "/console/login"));
    HttpResponse<String> after = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/console"))
        .header("Cookie", session.getName() + "=" + session.getValue()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(after.statusCode()).isEqualTo(302);
    assertThat(after.headers().firstValue("Location")).contains("/console/login");

    logIn(TestDatabases.ADMIN_KEY);
    browser.open(base + "/console/audit");
    List<String> actions = browser.driver().findElements(By.cssSelector("#audit tbody tr")).stream()
        .map(row -> row.getAttribute("data-action")).toList();
    assertThat(actions).contains("console.login", "console.logout");
  }

  @Test
  void theSessionCookie_isHttpOnlyAndStrict() {
    logIn(TestDatabases.ADMIN_KEY);
    Cookie session = sessionCookie();
    assertThat(session.isHttpOnly()).isTrue();
    assertThat(session.getSameSite()).isEqualTo("Strict");
    assertThat(session.getExpiry()).isNotNull();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
      "overview, en", "overview, zh", "flights, en", "flights, zh", "flight, en", "flight, zh",
      "cases, en", "cases, zh", "audit, en", "audit, zh", "login, en", "login, zh"})
  void everyPage_inBothLanguages_isTranslatedWithoutErrorsOrSeriousAccessibilityViolations(String page,
      String language) {
    if (!page.equals("login")) {
      logIn(TestDatabases.ADMIN_KEY);
    }
    String path = switch (page) {
      case "overview" -> "/console";
      case "flights" -> "/console/flights";
      case "flight" -> "/console/flights/" + flightId;
      case "cases" -> "/console/cases?status=all";
      case "audit" -> "/console/audit";
      default -> "/console/login";
    };
    browser.open(base + path + (path.contains("?") ? "&" : "?") + "lang=" + language);
    String source = browser.driver().getPageSource();
    assertThat(source).as("no untranslated key").doesNotContain("⟦");
    assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang"))
        .isEqualTo(language.equals("zh") ? "zh-Hans" : "en");
    if (language.equals("zh")) {
      assertThat(text()).containsPattern("[\\u4e00-\\u9fff]");
    }
    browser.screenshot("console-" + page + "-" + language);
    assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
    assertThat(browser.seriousAccessibilityViolations()).as("serious accessibility violations").isEmpty();
  }

  private Cookie sessionCookie() {
    Cookie cookie = browser.driver().manage().getCookieNamed("aloft_console");
    assertThat(cookie).as("session cookie").isNotNull();
    return cookie;
  }

  private String fetch(String path, Cookie session) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Cookie", session.getName() + "=" + session.getValue()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  /** How the console's English pages write an amount: the code, then grouped digits. */
  private static String decimal(long minor, String currency) {
    BigDecimal amount = BigDecimal.valueOf(minor, CurrencyUnit.of(currency).exponent());
    java.text.NumberFormat format = java.text.NumberFormat.getNumberInstance(java.util.Locale.UK);
    format.setMinimumFractionDigits(CurrencyUnit.of(currency).exponent());
    format.setMaximumFractionDigits(CurrencyUnit.of(currency).exponent());
    return currency + " " + format.format(amount);
  }

  private static String decimalPlain(long minor, String currency) {
    return BigDecimal.valueOf(minor, CurrencyUnit.of(currency).exponent()).toPlainString();
  }
}
