package io.aloft.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.TestDatabases;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
  private static final long AIRLINE = DemoFlightServer.DEMO_AIRLINE;
  private static DemoFlightServer flown;
  private ConsoleSession console;

  @BeforeAll
  static void flyTheDemoFlight() throws Exception {
    flown = DemoFlightServer.fly(6);
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

  /** What the API says the airline is owed, per currency. */
  private static Map<String, Long> owed() throws Exception {
    Map<String, Long> owed = new LinkedHashMap<>();
    for (JsonNode line : flown.admin.get("/v1/airlines/" + AIRLINE + "/payouts").get("owed")) {
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
    console.logIn(page.startsWith("airline-") ? flown.otherAirlineKey : TestDatabases.ADMIN_KEY);
    String path = switch (page) {
      case "payouts", "airline-payouts" -> "/console/payouts";
      case "confirm" -> "/console/payouts/new?airline=" + AIRLINE + "&currency=" + currency;
      case "statement" -> "/console/airlines/" + AIRLINE + "/statement" + period();
      default -> "/console/airlines/" + flown.otherAirlineId + "/statement";
    };
    console.open(path + (path.contains("?") ? "&" : "?") + "lang=" + language);
    if (page.equals("confirm")) {
      assertThat(console.driver().findElements(By.id("payout-form"))).as("the airline is still owed money").hasSize(1);
    }
    console.checkPage("payout-" + page, language);
  }

  @Order(2)
  @Test
  void anAirline_cannotOpenAnotherAirlinesStatement() {
    console.logIn(flown.otherAirlineKey);
    console.open("/console/airlines/" + AIRLINE + "/statement");
    assertThat(console.text()).contains("403").contains("does not exist or is another airline");
    assertThat(console.driver().findElements(By.cssSelector("table.statement"))).isEmpty();
    console.browser.screenshot("console-payout-statement-forbidden-en");
    console.open("/console/airlines/999999/statement");
    assertThat(console.text()).as("a missing airline looks the same as another airline").contains("403");
    console.open("/console/airlines/" + AIRLINE + "/statement.csv");
    assertThat(console.text()).contains("403");
    console.open("/console/payouts/new?airline=" + AIRLINE + "&currency=CNY");
    assertThat(console.text()).as("only the operator pays out").contains("403");
    console.open("/console/payouts");
    assertThat(console.driver().findElements(By.cssSelector("#owed tr[data-airline='" + AIRLINE + "']"))).isEmpty();
  }

  @Order(3)
  @Test
  void theOperator_paysTheWholeBalanceOut_andTheApiStatementCsvAndAuditLogShowIt() throws Exception {
    Map<String, Long> before = owed();
    assertThat(before.values()).as("the demo flight's sales are owed").anyMatch(amount -> amount > 0);
    console.logIn(TestDatabases.ADMIN_KEY);
    List<String> references = new ArrayList<>();
    for (Map.Entry<String, Long> line : before.entrySet()) {
      if (line.getValue() > 0) {
        references.add(payOut(line.getKey(), line.getValue()));
      }
    }

    assertThat(owed().values()).as("nothing owed after paying it all").allMatch(amount -> amount == 0);
    JsonNode report = flown.admin.get("/v1/airlines/" + AIRLINE + "/settlement-report");
    report.get("ledger").forEach(line -> assertThat(line.get("merchantLedgerBalanceMinor").asLong()).isZero());
    List<String> listed = new ArrayList<>();
    flown.admin.get("/v1/airlines/" + AIRLINE + "/payouts").get("data")
        .forEach(payout -> listed.add(payout.get("reference").asText()));
    assertThat(listed).containsExactlyInAnyOrderElementsOf(references);
    assertThat(flown.admin.get("/v1/ledger/check").get("balanced").asBoolean()).isTrue();

    console.open("/console/airlines/" + AIRLINE + "/statement" + period() + "&lang=en");
    for (Map.Entry<String, Long> line : before.entrySet()) {
      String currency = line.getKey();
      WebElement table = console.driver().findElement(By.id("statement-" + currency));
      assertThat(minor(table, "payment")).as("sales after fees").isPositive();
      assertThat(minor(table, "payout")).isEqualTo(-line.getValue());
      assertThat(minor(table, "opening") + minor(table, "payment") + minor(table, "correction")
          + minor(table, "refund") + minor(table, "payout")).isEqualTo(minor(table, "closing"));
      assertThat(minor(table, "closing")).isZero();
      assertThat(table.findElement(By.cssSelector("tr[data-row='closing'] td")).getText())
          .isEqualTo(ConsoleSession.shown(0, currency));
    }
    List<String> kinds = console.driver().findElements(By.cssSelector("#lines tbody tr")).stream()
        .map(row -> row.getAttribute("data-kind")).toList();
    assertThat(kinds).contains("payment", "payout");
    assertThat(console.text()).contains(references.get(0));
    console.browser.screenshot("console-payout-statement-paid-en");

    String csv = fetchCsv(console.driver().findElement(By.id("statement-csv")).getAttribute("href"));
    assertThat(csv).startsWith("row,currency,at,kind,reference,ledger_entry,entries,amount,balance\r\n");
    for (Map.Entry<String, Long> line : before.entrySet()) {
      String currency = line.getKey();
      assertThat(csv).contains("\r\nclosing," + currency + ",").contains(",," + ConsoleSession.plain(0, currency) + "\r\n")
          .contains("\r\ntotal," + currency + ",,payout,,,1," + ConsoleSession.plain(-line.getValue(), currency) + ",\r\n");
      assertThat(csv.lines().filter(row -> row.startsWith("total," + currency + ",,payment,")).findFirst())
          .hasValueSatisfying(row -> assertThat(row).doesNotEndWith(",0.00,"));
    }
    for (String reference : references) {
      assertThat(csv).contains(",payout," + reference + ",");
    }

    console.open("/console/audit?lang=en");
    List<String> actions = console.driver().findElements(By.cssSelector("#audit tbody tr")).stream()
        .map(row -> row.getAttribute("data-action")).toList();
    assertThat(actions).contains("payout.created");
    assertThat(console.text()).contains("Paid an airline out").contains(references.get(0));
    console.browser.screenshot("console-payout-audit-en");
  }

  /**
   * Pays {@code owedMinor} of {@code currency} through the confirmation page, then sends the same
   * form a second time (a double submit) and checks it pays nothing more. Returns the reference.
   */
  private String payOut(String currency, long owedMinor) throws Exception {
    console.open("/console/payouts?lang=en");
    console.driver().findElement(By.cssSelector(
        "#owed tr[data-airline='" + AIRLINE + "'][data-currency='" + currency + "'] a.pay")).click();
    assertThat(console.driver().getCurrentUrl()).contains("/console/payouts/new");
    assertThat(console.text()).as("the confirmation restates the amount and who is paid")
        .contains(ConsoleSession.shown(owedMinor, currency)).contains("Pay out to");
    assertThat(console.driver().findElement(By.id("amount")).getAttribute("value"))
        .isEqualTo(ConsoleSession.plain(owedMinor, currency));

    WebElement amount = console.driver().findElement(By.id("amount"));
    amount.clear();
    amount.sendKeys(ConsoleSession.plain(owedMinor + 1, currency));
    console.driver().findElement(By.id("pay")).click();
    WebElement refusal = new WebDriverWait(console.driver(), Duration.ofSeconds(10))
        .until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".error-summary")));
    assertThat(refusal.getText()).contains("more than the airline is owed").contains(ConsoleSession.shown(owedMinor, currency));
    console.browser.screenshot("console-payout-refused-en");
    assertThat(owed().get(currency)).as("a refused payout moves nothing").isEqualTo(owedMinor);
    amount = console.driver().findElement(By.id("amount"));
    amount.clear();
    amount.sendKeys(ConsoleSession.plain(owedMinor, currency));
    WebElement form = console.driver().findElement(By.id("payout-form"));
    console.driver().findElement(By.id("bank_reference")).sendKeys("BANK-" + currency);
    Map<String, String> fields = new LinkedHashMap<>();
    for (WebElement input : form.findElements(By.tagName("input"))) {
      fields.put(input.getAttribute("name"), input.getAttribute("value"));
    }
    console.driver().findElement(By.id("pay")).click();
    new WebDriverWait(console.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("paid=PO-"));
    WebElement notice = console.driver().findElement(By.id("paid"));
    String reference = notice.findElement(By.tagName("h2")).getText().replaceAll(".*(PO-[0-9]+).*", "$1");
    assertThat(reference).matches("PO-[0-9]{6,}");
    assertThat(notice.getText()).contains(ConsoleSession.shown(owedMinor, currency));
    console.browser.screenshot("console-payout-paid-en");

    HttpResponse<String> again = console.postForm("/console/payouts", fields);
    assertThat(again.statusCode()).as("the same form again").isEqualTo(303);
    assertThat(again.headers().firstValue("Location")).hasValue("/console/payouts?paid=" + reference);
    assertThat(flown.admin.get("/v1/airlines/" + AIRLINE + "/payouts").get("data")).as("paid once")
        .filteredOn(payout -> payout.at("/amount/currency").asText().equals(currency)).hasSize(1);
    return reference;
  }

  private static long minor(WebElement table, String row) {
    return Long.parseLong(table.findElement(By.cssSelector("tr[data-row='" + row + "'] td")).getAttribute("data-minor"));
  }

  /** A CSV download of this session: its body, after checking that it is one. */
  private String fetchCsv(String url) throws Exception {
    HttpResponse<String> response = console.get(url.substring(flown.base.length()));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type)
        .startsWith("text/csv"));
    return response.body();
  }
}
