package io.aloft.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.TestDatabases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
  private static DemoFlightServer flown;
  private static long flightId;
  private ConsoleSession console;

  @BeforeAll
  static void flyTheDemoFlight() throws Exception {
    flown = DemoFlightServer.fly(6);
    flightId = flown.admin.get("/v1/airlines/1/flights").at("/data/0/id").asLong();
  }

  @AfterAll
  static void stop() {
    if (flown != null) {
      flown.close();
    }
  }

  @BeforeEach
  void openBrowser() {
    console = new ConsoleSession(flown.base, 1280, 2000);
  }

  @AfterEach
  void closeBrowser() {
    console.close();
  }

  @Test
  void theHomePage_leadsToTheLogin_andAWrongKeyIsRefusedInWords() {
    console.open("/");
    assertThat(console.driver().getCurrentUrl()).isEqualTo(flown.base + "/console/login");
    console.logIn("not-a-key");
    assertThat(console.driver().findElement(By.cssSelector(".error-summary")).getText())
        .contains("not an operator or airline key");
    console.browser.screenshot("console-login-refused-en");
    assertThat(console.browser.consoleErrors()).as("only the refusal's own 401")
        .allMatch(error -> error.contains("/console/login") && error.contains("401"));
  }

  @Test
  void theFlightPage_showsTheApisTotalsPaymentsAndItemSales_andTheCsvEqualsTheReport() throws Exception {
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/flights/" + flightId + "?lang=en");
    JsonNode report = flown.admin
        .get("/v1/flights/" + flightId + "/settlement-report");

    assertThat(report.get("totals").size()).isPositive();
    for (JsonNode total : report.get("totals")) {
      WebElement row = console.driver().findElement(
          By.cssSelector("#totals tr[data-currency='" + total.get("currency").asText() + "']"));
      List<WebElement> cells = row.findElements(By.cssSelector("td[data-minor]"));
      assertThat(cells.get(0).getAttribute("data-minor")).isEqualTo(total.get("salesMinor").asText());
      assertThat(cells.get(1).getAttribute("data-minor")).isEqualTo(total.get("refundsMinor").asText());
      assertThat(cells.get(2).getAttribute("data-minor")).isEqualTo(total.get("feesMinor").asText());
      assertThat(cells.get(3).getAttribute("data-minor")).isEqualTo(total.get("netPayableMinor").asText());
      assertThat(cells.get(0).getText()).isEqualTo(ConsoleSession.shown(total.get("salesMinor").asLong(), total.get("currency").asText()));
    }
    List<String> shownPayments = console.driver().findElements(By.cssSelector("#payments tbody tr")).stream()
        .map(row -> row.getAttribute("data-payment")).toList();
    List<String> apiPayments = new ArrayList<>();
    report.get("payments").forEach(payment -> apiPayments.add(payment.get("paymentId").asText()));
    assertThat(shownPayments).containsExactlyInAnyOrderElementsOf(apiPayments);
    List<String> shownUnpaid = console.driver().findElements(By.cssSelector("#unpaid tbody tr")).stream()
        .map(row -> row.getAttribute("data-payment")).toList();
    List<String> apiUnpaid = new ArrayList<>();
    report.get("rejections").forEach(rejection -> apiUnpaid.add(rejection.get("paymentId").asText()));
    assertThat(shownUnpaid).containsExactlyInAnyOrderElementsOf(apiUnpaid);

    // The demo's handshake sales carry line items; their sum is part of the sales total.
    List<WebElement> items = console.driver().findElements(By.cssSelector("#items tbody tr"));
    assertThat(items).isNotEmpty();
    long itemSales = items.stream().mapToLong(row -> Long.parseLong(
        row.findElement(By.cssSelector("td[data-minor]")).getAttribute("data-minor"))).sum();
    assertThat(itemSales).isPositive().isLessThanOrEqualTo(report.at("/totals/0/salesMinor").asLong());
    console.browser.screenshot("console-flight-en");

    HttpResponse<String> download = console.get("/console/flights/" + flightId + "/report.csv");
    assertThat(download.statusCode()).isEqualTo(200);
    String csv = download.body();
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
          + ConsoleSession.plain(payment.get("chargedMinor").asLong(), payment.get("currency").asText()) + " "
          + payment.get("currency").asText());
    }
    for (JsonNode rejection : report.get("rejections")) {
      apiRows.add(rejection.get("paymentId").asText() + " " + rejection.get("terminalId").asText() + " REJECTED  ");
    }
    assertThat(csvRows).containsExactlyInAnyOrderElementsOf(apiRows);
  }

  @Test
  void anAirline_cannotOpenAnotherAirlinesFlight() {
    console.logIn(flown.otherAirlineKey);
    assertThat(console.text()).contains("Airline 2");
    console.open("/console/flights/" + flightId);
    assertThat(console.text()).contains("403").contains("does not exist or belongs to another airline");
    assertThat(console.driver().findElements(By.id("payments"))).isEmpty();
    console.browser.screenshot("console-forbidden-en");
    console.open("/console/flights/999999");
    assertThat(console.text()).as("a missing flight looks the same as another airline's").contains("403");
    console.open("/console/flights");
    assertThat(console.text()).contains("No flights match");
  }

  @Test
  void aPostWithoutTheCsrfToken_isRefused_andLoggingOut_endsTheSession() throws Exception {
    console.logIn(TestDatabases.ADMIN_KEY);
    Cookie session = console.sessionCookie();
    HttpResponse<String> forged = console.postForm("/console/logout", Map.of("csrf", "forged"));
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.body()).contains("This form has expired");
    console.open("/console");
    assertThat(console.text()).as("the forged post did not log out").contains("Today at a glance");

    console.driver().findElement(By.cssSelector("form[action='/console/logout'] button")).click();
    new WebDriverWait(console.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(flown.base + "/console/login"));
    HttpResponse<String> after = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(flown.base + "/console"))
        .header("Cookie", session.getName() + "=" + session.getValue()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(after.statusCode()).isEqualTo(302);
    assertThat(after.headers().firstValue("Location")).contains("/console/login");

    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/audit");
    List<String> actions = console.driver().findElements(By.cssSelector("#audit tbody tr")).stream()
        .map(row -> row.getAttribute("data-action")).toList();
    assertThat(actions).contains("console.login", "console.logout");
  }

  @Test
  void theSessionCookie_isHttpOnlyAndStrict() {
    console.logIn(TestDatabases.ADMIN_KEY);
    Cookie session = console.sessionCookie();
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
      console.logIn(TestDatabases.ADMIN_KEY);
    }
    String path = switch (page) {
      case "overview" -> "/console";
      case "flights" -> "/console/flights";
      case "flight" -> "/console/flights/" + flightId;
      case "cases" -> "/console/cases?status=all";
      case "audit" -> "/console/audit";
      default -> "/console/login";
    };
    console.open(path + (path.contains("?") ? "&" : "?") + "lang=" + language);
    console.checkPage(page, language);
  }
}
