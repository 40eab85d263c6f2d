package io.aloft.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Cli;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.browser.Browser;
import io.aloft.cli.http.ApiClient;
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

/**
 * A case in the console, in a real headless Chromium: the demo flight's cloned wallet leaves a
 * double spend; the operator opens it from the queue, sees both authorizations side by side,
 * credits the payer from the guarantee with a note, and the API then shows the ledger balanced
 * and the case closed, and the audit page the resolution with its request id. An airline cannot
 * open another airline's case. The case and confirmation pages pass the translation, console
 * error and axe-core checks in both languages. The open case's pages are checked first, then it
 * is resolved.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleCaseBrowserTest {
  private static Path dir;
  private static AloftServer server;
  private static String base;
  private static ApiClient admin;
  private static long caseId;
  private static String otherAirlineKey;
  private Browser browser;

  @BeforeAll
  static void flyTheDemoFlight() throws Exception {
    dir = Files.createTempDirectory("aloft-console-case-");
    server = TestDatabases.server(dir.resolve("server"));
    base = server.baseUrl();
    Path adminKeyFile = dir.resolve("admin-key");
    Files.writeString(adminKeyFile, TestDatabases.ADMIN_KEY);
    Cli.Result demo = Cli.run("demo", "--server", base, "--admin-key-file", adminKeyFile.toString(), "--seed", "42",
        "--quiet", "--passengers", "6", "--terminals", "2");
    assertThat(demo.exitCode()).as(demo.toString()).isZero();
    admin = new ApiClient(base, Optional.of(TestDatabases.ADMIN_KEY));
    JsonNode doubleSpend = null;
    for (JsonNode row : admin.get("/v1/cases").get("data")) {
      if (row.get("kind").asText().equals("double_spend")) {
        doubleSpend = row;
      }
    }
    assertThat(doubleSpend).as("the demo's cloned wallet, accepted during the partition, is a double spend").isNotNull();
    caseId = doubleSpend.get("id").asLong();
    otherAirlineKey = admin.post("/v1/airlines", Map.of("code", "ZZ", "name", "Other Air", "currency", "EUR"))
        .get("merchantApiKey").asText();
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

  /** Clicks and waits for the next page. */
  private void clickAndWait(WebElement element) {
    WebElement html = browser.driver().findElement(By.tagName("html"));
    element.click();
    browser.awaitGone(html, Duration.ofSeconds(10));
  }

  private void checkPage(String name, String language) {
    String source = browser.driver().getPageSource();
    assertThat(source).as("no untranslated key").doesNotContain("⟦");
    assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang"))
        .isEqualTo(language.equals("zh") ? "zh-Hans" : "en");
    if (language.equals("zh")) {
      String shown = text();
      assertThat(shown).containsPattern("[\\u4e00-\\u9fff]");
      assertThat(shown).as("the stored English case text is not shown").doesNotContain("settled; a double spend")
          .doesNotContain("two different payments signed");
    }
    browser.screenshot("console-" + name + "-" + language);
    assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
    assertThat(browser.seriousAccessibilityViolations()).as("serious accessibility violations").isEmpty();
  }

  @Order(1)
  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({"case, en", "case, zh", "case-resolve, en", "case-resolve, zh", "cases, zh"})
  void theOpenCasesPages_inBothLanguages_areTranslatedWithoutErrorsOrSeriousAccessibilityViolations(String page,
      String language) {
    logIn(TestDatabases.ADMIN_KEY);
    String path = switch (page) {
      case "case" -> "/console/cases/" + caseId + "?";
      case "case-resolve" -> "/console/cases/" + caseId + "/resolve?resolution=confirm&";
      default -> "/console/cases?status=all&";
    };
    browser.open(base + path + "lang=" + language);
    checkPage(page + "-open", language);
  }

  @Order(2)
  @Test
  void anAirline_cannotOpenAnotherAirlinesCase_norOneThatDoesNotExist() {
    logIn(otherAirlineKey);
    browser.open(base + "/console/cases/" + caseId + "?lang=en");
    assertThat(text()).contains("403").contains("does not exist or belongs to another airline");
    assertThat(browser.driver().findElements(By.id("evidence"))).isEmpty();
    String refused = text().replaceAll("request [0-9a-f]+", "");
    browser.open(base + "/console/cases/99999999?lang=en");
    assertThat(text().replaceAll("request [0-9a-f]+", "")).as("a missing case looks the same").isEqualTo(refused);
    browser.open(base + "/console/cases/" + caseId + "/resolve?resolution=confirm");
    assertThat(text()).contains("403");
  }

  @Order(3)
  @Test
  void theOperator_seesBothAuthorizations_andCreditsThePayerInTheBrowser_andTheApiAndAuditAgree() throws Exception {
    JsonNode before = admin.get("/v1/cases/" + caseId);
    JsonNode credit = null;
    for (JsonNode offer : before.get("resolutions")) {
      if (offer.get("resolution").asText().equals("credit_payer")) {
        credit = offer;
      }
    }
    assertThat(credit).as("a clone's further content can be credited: " + before.get("resolutions")).isNotNull();

    logIn(TestDatabases.ADMIN_KEY);
    browser.open(base + "/console/cases?lang=en");
    clickAndWait(browser.driver().findElement(By.cssSelector("tr[data-case='" + caseId + "'] a[href='/console/cases/"
        + caseId + "']")));
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(base + "/console/cases/" + caseId);

    // Both authorizations of the cloned counter stand side by side: one column each, different digests.
    WebElement conflict = browser.driver().findElements(By.cssSelector("table.compare")).stream()
        .filter(table -> table.findElements(By.cssSelector("thead th.acceptance")).size() >= 2)
        .findFirst().orElseThrow(() -> new AssertionError("no counter with two acceptances on the page"));
    List<WebElement> columns = conflict.findElements(By.cssSelector("thead th.acceptance"));
    assertThat(columns.stream().map(c -> c.getAttribute("data-digest")).distinct().count()).isEqualTo(columns.size());
    assertThat(columns.stream().map(c -> c.getAttribute("data-terminal")).distinct().count()).isEqualTo(2);
    assertThat(conflict.getText()).contains("One scan, exact amount").contains("Charged on the receipt")
        .contains("Payer");
    browser.screenshot("console-case-evidence-en");

    clickAndWait(browser.driver().findElement(By.cssSelector(".offer[data-resolution='credit_payer'] a.button")));
    String amount = decimal(credit.get("payerMinor").asLong(), credit.get("payerCurrency").asText());
    assertThat(browser.driver().findElement(By.id("confirm-amount")).getText()).isEqualTo(amount);
    assertThat(browser.driver().findElement(By.id("confirm-effect")).getText()).contains(amount);

    // No note: the form comes back with an error summary, and nothing is resolved.
    clickAndWait(browser.driver().findElement(By.cssSelector("form.stack button[type=submit]")));
    assertThat(browser.driver().findElement(By.cssSelector(".error-summary")).getText()).contains("Write a note");
    assertThat(admin.get("/v1/cases/" + caseId).get("status").asText()).isEqualTo("open");

    String note = "Stolen phone, cloned: the guarantee refunds the copy's payment.";
    browser.driver().findElement(By.id("note")).sendKeys(note);
    String formToken = browser.driver().findElement(By.name("form_token")).getAttribute("value");
    String csrf = browser.driver().findElement(By.name("csrf")).getAttribute("value");
    browser.screenshot("console-case-resolve-en");
    clickAndWait(browser.driver().findElement(By.cssSelector("form.stack button[type=submit]")));
    assertThat(browser.driver().getCurrentUrl()).isEqualTo(base + "/console/cases/" + caseId + "?resolved=1");
    assertThat(browser.driver().findElement(By.id("resolved-notice")).getText())
        .contains("Credit the payer from the guarantee");
    assertThat(browser.driver().findElement(By.id("case-status")).getAttribute("data-status")).isEqualTo("closed");
    browser.screenshot("console-case-resolved-en");

    // The same form sent again (a double click, a reload) resolves nothing twice.
    HttpResponse<String> again = postForm("/console/cases/" + caseId + "/resolve", Map.of("csrf", csrf,
        "form_token", formToken, "resolution", "credit_payer", "note", note));
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(again.headers().firstValue("Location")).contains("/console/cases/" + caseId + "?resolved=1");

    JsonNode check = admin.get("/v1/ledger/check");
    assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
    JsonNode after = admin.get("/v1/cases/" + caseId);
    assertThat(after.get("status").asText()).isEqualTo("closed");
    assertThat(after.at("/resolution/resolution").asText()).isEqualTo("credit_payer");
    assertThat(after.at("/resolution/note").asText()).isEqualTo(note);
    assertThat(after.at("/resolution/payerMinor").asLong()).isEqualTo(credit.get("payerMinor").asLong());
    String requestId = after.at("/resolution/requestId").asText();

    browser.open(base + "/console/audit?lang=en");
    List<WebElement> resolved = browser.driver().findElements(By.cssSelector("#audit tbody tr[data-action='case.resolved']"));
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).getText()).contains("case " + caseId).contains(requestId).contains("Resolved a case");
  }

  @Order(4)
  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({"case-closed, en", "case-closed, zh"})
  void theClosedCasePage_inBothLanguages_isTranslatedWithoutErrorsOrSeriousAccessibilityViolations(String page,
      String language) {
    logIn(TestDatabases.ADMIN_KEY);
    browser.open(base + "/console/cases/" + caseId + "?lang=" + language);
    checkPage(page, language);
  }

  private HttpResponse<String> postForm(String path, Map<String, String> fields) throws Exception {
    Cookie session = browser.driver().manage().getCookieNamed("aloft_console");
    String body = fields.entrySet().stream().map(field -> field.getKey() + "="
        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Cookie", session.getName() + "=" + session.getValue())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String decimal(long minor, String currency) {
    BigDecimal amount = BigDecimal.valueOf(minor, io.aloft.protocol.money.CurrencyUnit.of(currency).exponent());
    java.text.NumberFormat format = java.text.NumberFormat.getNumberInstance(java.util.Locale.UK);
    format.setMinimumFractionDigits(io.aloft.protocol.money.CurrencyUnit.of(currency).exponent());
    format.setMaximumFractionDigits(io.aloft.protocol.money.CurrencyUnit.of(currency).exponent());
    return currency + " " + format.format(amount);
  }
}
