package io.aloft.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.TestDatabases;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
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
  private static DemoFlightServer flown;
  private static long caseId;
  private ConsoleSession console;

  @BeforeAll
  static void flyTheDemoFlight() throws Exception {
    flown = DemoFlightServer.fly(6);
    JsonNode doubleSpend = null;
    for (JsonNode row : flown.admin.get("/v1/cases").get("data")) {
      if (row.get("kind").asText().equals("double_spend")) {
        doubleSpend = row;
      }
    }
    assertThat(doubleSpend).as("the demo's cloned wallet, accepted during the partition, is a double spend").isNotNull();
    caseId = doubleSpend.get("id").asLong();
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

  /** The shared page checks, and on a Chinese page no case text stored in English. */
  private void checkPage(String name, String language) {
    if (language.equals("zh")) {
      assertThat(console.text()).as("the stored English case text is not shown").doesNotContain("settled; a double spend")
          .doesNotContain("two different payments signed");
    }
    console.checkPage(name, language);
  }

  @Order(1)
  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({"case, en", "case, zh", "case-resolve, en", "case-resolve, zh", "cases, zh"})
  void theOpenCasesPages_inBothLanguages_areTranslatedWithoutErrorsOrSeriousAccessibilityViolations(String page,
      String language) {
    console.logIn(TestDatabases.ADMIN_KEY);
    String path = switch (page) {
      case "case" -> "/console/cases/" + caseId + "?";
      case "case-resolve" -> "/console/cases/" + caseId + "/resolve?resolution=confirm&";
      default -> "/console/cases?status=all&";
    };
    console.open(path + "lang=" + language);
    checkPage(page + "-open", language);
  }

  @Order(2)
  @Test
  void anAirline_cannotOpenAnotherAirlinesCase_norOneThatDoesNotExist() {
    console.logIn(flown.otherAirlineKey);
    console.open("/console/cases/" + caseId + "?lang=en");
    assertThat(console.text()).contains("403").contains("does not exist or belongs to another airline");
    assertThat(console.driver().findElements(By.id("evidence"))).isEmpty();
    String refused = console.text().replaceAll("request [0-9a-f]+", "");
    console.open("/console/cases/99999999?lang=en");
    assertThat(console.text().replaceAll("request [0-9a-f]+", "")).as("a missing case looks the same").isEqualTo(refused);
    console.open("/console/cases/" + caseId + "/resolve?resolution=confirm");
    assertThat(console.text()).contains("403");
  }

  @Order(3)
  @Test
  void theOperator_seesBothAuthorizations_andCreditsThePayerInTheBrowser_andTheApiAndAuditAgree() throws Exception {
    JsonNode before = flown.admin.get("/v1/cases/" + caseId);
    JsonNode credit = null;
    for (JsonNode offer : before.get("resolutions")) {
      if (offer.get("resolution").asText().equals("credit_payer")) {
        credit = offer;
      }
    }
    assertThat(credit).as("a clone's further content can be credited: " + before.get("resolutions")).isNotNull();

    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/cases?lang=en");
    console.clickAndWait(console.driver().findElement(By.cssSelector("tr[data-case='" + caseId + "'] a[href='/console/cases/"
        + caseId + "']")));
    assertThat(console.driver().getCurrentUrl()).isEqualTo(flown.base + "/console/cases/" + caseId);

    // Both authorizations of the cloned counter stand side by side: one column each, different digests.
    WebElement conflict = console.driver().findElements(By.cssSelector("table.compare")).stream()
        .filter(table -> table.findElements(By.cssSelector("thead th.acceptance")).size() >= 2)
        .findFirst().orElseThrow(() -> new AssertionError("no counter with two acceptances on the page"));
    List<WebElement> columns = conflict.findElements(By.cssSelector("thead th.acceptance"));
    assertThat(columns.stream().map(c -> c.getAttribute("data-digest")).distinct().count()).isEqualTo(columns.size());
    assertThat(columns.stream().map(c -> c.getAttribute("data-terminal")).distinct().count()).isEqualTo(2);
    assertThat(conflict.getText()).contains("One scan, exact amount").contains("Charged on the receipt")
        .contains("Payer");
    console.browser.screenshot("console-case-evidence-en");

    console.clickAndWait(console.driver().findElement(By.cssSelector(".offer[data-resolution='credit_payer'] a.button")));
    String amount = ConsoleSession.shown(credit.get("payerMinor").asLong(), credit.get("payerCurrency").asText());
    assertThat(console.driver().findElement(By.id("confirm-amount")).getText()).isEqualTo(amount);
    assertThat(console.driver().findElement(By.id("confirm-effect")).getText()).contains(amount);

    // No note: the form comes back with an error summary, and nothing is resolved.
    console.clickAndWait(console.driver().findElement(By.cssSelector("form.stack button[type=submit]")));
    assertThat(console.driver().findElement(By.cssSelector(".error-summary")).getText()).contains("Write a note");
    assertThat(flown.admin.get("/v1/cases/" + caseId).get("status").asText()).isEqualTo("open");

    String note = "Stolen phone, cloned: the guarantee refunds the copy's payment.";
    console.driver().findElement(By.id("note")).sendKeys(note);
    String formToken = console.driver().findElement(By.name("form_token")).getAttribute("value");
    String csrf = console.driver().findElement(By.name("csrf")).getAttribute("value");
    console.browser.screenshot("console-case-resolve-en");
    console.clickAndWait(console.driver().findElement(By.cssSelector("form.stack button[type=submit]")));
    assertThat(console.driver().getCurrentUrl()).isEqualTo(flown.base + "/console/cases/" + caseId + "?resolved=1");
    assertThat(console.driver().findElement(By.id("resolved-notice")).getText())
        .contains("Credit the payer from the guarantee");
    assertThat(console.driver().findElement(By.id("case-status")).getAttribute("data-status")).isEqualTo("closed");
    console.browser.screenshot("console-case-resolved-en");

    // The same form sent again (a double click, a reload) resolves nothing twice.
    HttpResponse<String> again = console.postForm("/console/cases/" + caseId + "/resolve", Map.of("csrf", csrf,
        "form_token", formToken, "resolution", "credit_payer", "note", note));
    assertThat(again.statusCode()).isEqualTo(302);
    assertThat(again.headers().firstValue("Location")).contains("/console/cases/" + caseId + "?resolved=1");

    JsonNode check = flown.admin.get("/v1/ledger/check");
    assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
    JsonNode after = flown.admin.get("/v1/cases/" + caseId);
    assertThat(after.get("status").asText()).isEqualTo("closed");
    assertThat(after.at("/resolution/resolution").asText()).isEqualTo("credit_payer");
    assertThat(after.at("/resolution/note").asText()).isEqualTo(note);
    assertThat(after.at("/resolution/payerMinor").asLong()).isEqualTo(credit.get("payerMinor").asLong());
    String requestId = after.at("/resolution/requestId").asText();

    console.open("/console/audit?lang=en");
    List<WebElement> resolved = console.driver().findElements(By.cssSelector("#audit tbody tr[data-action='case.resolved']"));
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).getText()).contains("case " + caseId).contains(requestId).contains("Resolved a case");
  }

  @Order(4)
  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({"case-closed, en", "case-closed, zh"})
  void theClosedCasePage_inBothLanguages_isTranslatedWithoutErrorsOrSeriousAccessibilityViolations(String page,
      String language) {
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/cases/" + caseId + "?lang=" + language);
    checkPage(page, language);
  }

}
