package io.aloft.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.TestDatabases;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
import org.openqa.selenium.support.ui.Select;

/**
 * The console's account pages in a real headless Chromium, on a server that has flown the demo
 * flight through the SDKs: search by name and id, an account's numbers against
 * {@code GET /v1/accounts/{id}}, the four actions through their confirmation pages (each audited,
 * the ledger balanced, a second submit changing nothing), the 403 page for an airline, and every
 * page in both languages. Screenshots go to {@code target/screenshots/console-account*.png}.
 */
class ConsoleAccountsBrowserTest {
  private static DemoFlightServer flown;
  private static List<Long> demoAccounts;
  private ConsoleSession console;

  @BeforeAll
  static void flyTheDemoFlight() throws Exception {
    flown = DemoFlightServer.fly(6);
    demoAccounts = new ArrayList<>();
    for (long id = 1; id <= 6; id++) {
      demoAccounts.add(flown.admin.get("/v1/accounts/" + id).get("id").asLong());
    }
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

  private static JsonNode account(long id) throws Exception {
    return flown.admin.get("/v1/accounts/" + id);
  }

  private static void assertLedgerBalanced() throws Exception {
    JsonNode check = flown.admin.get("/v1/ledger/check");
    assertThat(check.get("balanced").asBoolean()).as(check.toString()).isTrue();
  }

  /** A demo account that owes nothing, so a top-up goes to its balance whole. */
  private static long accountOwingNothing(long except) throws Exception {
    for (long id : demoAccounts) {
      JsonNode view = account(id);
      if (id != except && view.at("/arrears/amountMinor").asLong() == 0
          && view.at("/writtenOff/amountMinor").asLong() == 0 && view.get("status").asText().equals("active")) {
        return id;
      }
    }
    throw new AssertionError("every demo account owes something");
  }

  /** The demo's passenger short of funds: their payments left arrears. */
  private static long accountInArrears() throws Exception {
    for (long id : demoAccounts) {
      if (account(id).at("/arrears/amountMinor").asLong() > 0) {
        return id;
      }
    }
    throw new AssertionError("no demo account is in arrears");
  }

  private List<String> auditActions() {
    console.open("/console/audit?lang=en");
    return console.driver().findElements(By.cssSelector("#audit tbody tr")).stream()
        .map(row -> row.getAttribute("data-action") + " " + row.findElements(By.tagName("td")).get(3).getText())
        .toList();
  }

  @Test
  void search_findsADemoPassenger_byPartOfTheNameInAnyCase_andById() throws Exception {
    long id = demoAccounts.get(0);
    String name = account(id).get("displayName").asText();
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/accounts?lang=en");
    assertThat(console.text()).contains("Type an account id");

    String part = name.substring(0, Math.min(3, name.length())).toUpperCase(Locale.ROOT);
    console.driver().findElement(By.id("q")).sendKeys(part);
    console.clickAndWait(console.driver().findElement(By.cssSelector("form[role=search] button")));
    List<String> found = console.driver().findElements(By.cssSelector("#accounts tbody tr")).stream()
        .map(row -> row.getAttribute("data-account")).toList();
    assertThat(found).contains(String.valueOf(id));
    assertThat(console.driver().findElement(By.cssSelector("#accounts tr[data-account='" + id + "']")).getText())
        .contains(name);

    console.open("/console/accounts?q=" + id);
    assertThat(console.driver().findElements(By.cssSelector("#accounts tr[data-account='" + id + "']"))).hasSize(1);
    console.open("/console/accounts?q=no-passenger-is-called-this");
    assertThat(console.text()).contains("No account has the id or a name containing");

    console.open("/console/accounts?q=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
    console.driver().findElement(By.cssSelector("#accounts tr[data-account='" + id + "'] a")).click();
    assertThat(console.driver().getCurrentUrl()).endsWith("/console/accounts/" + id);
  }

  @Test
  void theAccountPage_showsTheApisBalanceArrearsAndScore() throws Exception {
    console.logIn(TestDatabases.ADMIN_KEY);
    int credentials = 0;
    for (long id : demoAccounts) {
      JsonNode api = account(id);
      console.open("/console/accounts/" + id + "?lang=en");
      assertThat(console.driver().findElement(By.id("balance")).getAttribute("data-minor"))
          .isEqualTo(api.at("/balance/amountMinor").asText());
      assertThat(console.driver().findElement(By.id("arrears")).getAttribute("data-minor"))
          .isEqualTo(api.at("/arrears/amountMinor").asText());
      assertThat(console.driver().findElement(By.id("written-off")).getAttribute("data-minor"))
          .isEqualTo(api.at("/writtenOff/amountMinor").asText());
      assertThat(console.driver().findElement(By.id("score")).getAttribute("data-score"))
          .isEqualTo(api.at("/score/value").asText());
      assertThat(console.driver().findElement(By.id("status")).getAttribute("data-status"))
          .isEqualTo(api.get("status").asText());
      List<WebElement> allowance = console.driver().findElements(By.cssSelector("#allowance dd"));
      assertThat(allowance.get(0).getAttribute("data-minor")).isEqualTo(api.at("/offlineAllowance/limit/amountMinor")
          .asText());
      assertThat(allowance.get(1).getAttribute("data-minor")).isEqualTo(api.at("/offlineAllowance/inUse/amountMinor")
          .asText());
      credentials += console.driver().findElements(By.cssSelector("#credentials tbody tr")).size();
    }
    assertThat(credentials).as("the demo passengers enrolled on its flight").isPositive();
    long payer = demoAccounts.get(0);
    console.open("/console/accounts/" + payer + "?lang=en");
    List<WebElement> payments = console.driver().findElements(By.cssSelector("#account-payments tbody tr"));
    assertThat(payments).isNotEmpty();
    payments.get(0).findElement(By.cssSelector("a[href^='/console/flights/']")).click();
    assertThat(console.driver().getCurrentUrl()).contains("/console/flights/");
    assertThat(console.driver().findElements(By.id("payments"))).isNotEmpty();
  }

  @Test
  void aTopUp_raisesTheBalanceByExactlyItsAmount_once_keepsTheLedgerBalanced_andIsAudited() throws Exception {
    long id = accountOwingNothing(-1);
    long before = account(id).at("/balance/amountMinor").asLong();
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/accounts/" + id + "?lang=en");
    console.driver().findElement(By.id("top-up-amount")).sendKeys("12.34");
    console.clickAndWait(console.driver().findElement(By.cssSelector("#action-top-up button")));
    assertThat(console.driver().findElement(By.cssSelector(".confirm")).getText()).contains("Add CNY 12.34");
    assertThat(account(id).at("/balance/amountMinor").asLong()).as("nothing changes before confirming")
        .isEqualTo(before);

    Map<String, String> form = hiddenFields();
    console.clickAndWait(console.driver().findElement(By.id("confirm")));
    assertThat(console.driver().getCurrentUrl()).endsWith("/console/accounts/" + id + "?done=top-up");
    assertThat(console.text()).contains("The top-up is done");
    long after = account(id).at("/balance/amountMinor").asLong();
    assertThat(after).isEqualTo(before + 1_234);
    assertThat(console.driver().findElement(By.id("balance")).getAttribute("data-minor"))
        .isEqualTo(String.valueOf(after));
    assertLedgerBalanced();

    // The same form sent again (a double click, a reload) shows the result and changes nothing.
    HttpResponse<String> again = console.postForm("/console/accounts/" + id + "/top-up", form);
    assertThat(again.statusCode()).isEqualTo(303);
    assertThat(again.headers().firstValue("Location")).contains("/console/accounts/" + id + "?done=top-up");
    assertThat(account(id).at("/balance/amountMinor").asLong()).isEqualTo(after);
    assertLedgerBalanced();

    assertThat(auditActions().stream().filter(line -> line.equals("account.top-up account:" + id))).hasSize(1);
    assertThat(console.text()).contains("Account topped up").contains("topped up 12.34 CNY");
    console.browser.screenshot("console-audit-accounts-en");
  }

  @Test
  void aTopUpOfNonsense_isRefusedInWords_andChangesNothing() throws Exception {
    long id = demoAccounts.get(1);
    long before = account(id).at("/balance/amountMinor").asLong();
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/accounts/" + id + "/top-up?amount=-5&lang=en");
    assertThat(console.driver().findElement(By.cssSelector(".error-summary")).getText())
        .contains("Enter an amount in CNY with at most 2 decimals");
    assertThat(console.driver().findElements(By.id("confirm"))).isEmpty();
    console.open("/console/accounts/" + id + "/top-up?amount=10000000000.01&lang=en");
    assertThat(console.driver().findElements(By.cssSelector(".error-summary"))).hasSize(1);
    // Past the page, straight at the POST: checked again.
    console.open("/console/accounts/" + id + "/top-up?amount=1.00&lang=en");
    Map<String, String> form = hiddenFields();
    form.put("amount", "0.001");
    HttpResponse<String> refused = console.postForm("/console/accounts/" + id + "/top-up", form);
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("Enter an amount in CNY");
    assertThat(account(id).at("/balance/amountMinor").asLong()).isEqualTo(before);
  }

  @Test
  void settingTheStatusToSuspended_showsOnThePage_andIsAudited() throws Exception {
    long id = accountOwingNothing(demoAccounts.get(0));
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/accounts/" + id + "?lang=en");
    new Select(console.driver().findElement(By.id("status-status"))).selectByValue("suspended");
    console.clickAndWait(console.driver().findElement(By.cssSelector("#action-status button")));
    assertThat(console.driver().findElement(By.cssSelector(".confirm")).getText()).contains("from Active to Suspended");
    console.clickAndWait(console.driver().findElement(By.id("confirm")));

    assertThat(console.driver().findElement(By.id("status")).getText()).isEqualTo("Suspended");
    assertThat(account(id).get("status").asText()).isEqualTo("suspended");
    assertThat(auditActions()).contains("account.status account:" + id);

    // Back to active, so other tests may use the account.
    console.open("/console/accounts/" + id + "/status?status=active&lang=en");
    console.clickAndWait(console.driver().findElement(By.id("confirm")));
    assertThat(account(id).get("status").asText()).isEqualTo("active");
  }

  @Test
  void settingTheScore_showsOnThePage_asTheApiDoes_andIsAudited() throws Exception {
    long id = demoAccounts.get(2);
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/accounts/" + id + "?lang=en");
    WebElement score = console.driver().findElement(By.id("score-score"));
    score.clear();
    score.sendKeys("777");
    WebElement source = console.driver().findElement(By.id("score-source"));
    source.clear();
    source.sendKeys("bureau");
    console.clickAndWait(console.driver().findElement(By.cssSelector("#action-score button")));
    assertThat(console.driver().findElement(By.cssSelector(".confirm")).getText()).contains("to 777, source bureau")
        .contains("tier 3");
    console.clickAndWait(console.driver().findElement(By.id("confirm")));

    JsonNode api = account(id);
    assertThat(api.at("/score/value").asInt()).isEqualTo(777);
    assertThat(api.at("/score/source").asText()).isEqualTo("bureau");
    assertThat(console.driver().findElement(By.id("score")).getAttribute("data-score")).isEqualTo("777");
    assertThat(console.driver().findElement(By.id("tier")).getAttribute("data-tier")).isEqualTo("3");
    assertThat(auditActions()).contains("account.score account:" + id);

    console.open("/console/accounts/" + id + "/score?score=900&lang=en");
    assertThat(console.driver().findElement(By.cssSelector(".error-summary")).getText())
        .contains("whole number from 300 to 850");
  }

  @Test
  void writingOffAllArrears_movesThemToWrittenOff_keepsTheLedgerBalanced_andIsAudited() throws Exception {
    long id = accountInArrears();
    JsonNode before = account(id);
    long arrears = before.at("/arrears/amountMinor").asLong();
    long writtenOff = before.at("/writtenOff/amountMinor").asLong();
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/accounts/" + id + "?lang=en");
    new Select(console.driver().findElement(By.id("write-off-scope"))).selectByValue("all");
    console.clickAndWait(console.driver().findElement(By.cssSelector("#action-write-off button")));
    assertThat(console.driver().findElement(By.cssSelector(".confirm")).getText()).contains("Write off all the arrears");
    console.clickAndWait(console.driver().findElement(By.id("confirm")));

    JsonNode after = account(id);
    assertThat(after.at("/arrears/amountMinor").asLong()).isZero();
    assertThat(after.at("/writtenOff/amountMinor").asLong()).isEqualTo(writtenOff + arrears);
    assertThat(console.driver().findElement(By.id("written-off")).getAttribute("data-minor"))
        .isEqualTo(String.valueOf(writtenOff + arrears));
    assertThat(arrears).isPositive();
    assertThat(console.text()).contains("The arrears are written off");
    assertLedgerBalanced();
    assertThat(auditActions()).contains("account.write-off account:" + id);
  }

  @Test
  void anAirline_getsThe403Page_forEveryAccountPage_andCannotAct() throws Exception {
    long id = demoAccounts.get(0);
    long before = account(id).at("/balance/amountMinor").asLong();
    console.logIn(flown.otherAirlineKey);
    assertThat(console.driver().findElements(By.cssSelector("nav a[href='/console/accounts']"))).isEmpty();
    for (String path : List.of("/console/accounts", "/console/accounts?q=a", "/console/accounts/" + id,
        "/console/accounts/" + id + "/top-up?amount=5.00")) {
      console.open(path + (path.contains("?") ? "&" : "?") + "lang=en");
      assertThat(console.text()).as(path).contains("403").contains("Only the operator");
      assertThat(console.driver().findElements(By.id("balance"))).isEmpty();
    }
    console.browser.screenshot("console-accounts-forbidden-en");
    Cookie session = console.driver().manage().getCookieNamed("aloft_console");
    String csrf = console.driver().findElement(By.cssSelector("form[action='/console/logout'] input[name=csrf]"))
        .getAttribute("value");
    HttpResponse<String> post = console.postForm("/console/accounts/" + id + "/top-up",
        Map.of("csrf", csrf, "key", "k123", "amount", "5.00"));
    assertThat(post.statusCode()).isEqualTo(403);
    assertThat(session).isNotNull();
    assertThat(account(id).at("/balance/amountMinor").asLong()).isEqualTo(before);
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
      "accounts, en", "accounts, zh", "accounts-found, en", "accounts-found, zh", "account, en", "account, zh",
      "top-up, en", "top-up, zh", "top-up-error, en", "top-up-error, zh", "status, en", "status, zh",
      "score, en", "score, zh", "write-off, en", "write-off, zh"})
  void everyAccountPage_inBothLanguages_isTranslatedWithoutErrorsOrSeriousAccessibilityViolations(String page,
      String language) {
    console.logIn(TestDatabases.ADMIN_KEY);
    long id = demoAccounts.get(4);
    String path = switch (page) {
      case "accounts" -> "/console/accounts";
      case "accounts-found" -> "/console/accounts?q=a";
      case "account" -> "/console/accounts/" + id;
      case "top-up" -> "/console/accounts/" + id + "/top-up?amount=50.00";
      case "top-up-error" -> "/console/accounts/" + id + "/top-up?amount=lots";
      case "status" -> "/console/accounts/" + id + "/status?status=suspended";
      case "score" -> "/console/accounts/" + id + "/score?score=640&source=";
      default -> "/console/accounts/" + id + "/write-off?scope=older&days=30";
    };
    console.open(path + (path.contains("?") ? "&" : "?") + "lang=" + language);
    if (path.contains("/top-up?amount=50") || page.equals("status") || page.equals("score")
        || page.equals("write-off")) {
      assertThat(console.driver().findElements(By.id("confirm"))).as("a confirmation to press").hasSize(1);
    }
    console.checkPage(page, language);
  }

  /** The confirmation form's fields (CSRF token, one-time key, the action's values), as it would post them. */
  private Map<String, String> hiddenFields() {
    Map<String, String> fields = new LinkedHashMap<>();
    for (WebElement input : console.driver().findElements(By.cssSelector("form.confirm-form input[type=hidden]"))) {
      fields.put(input.getAttribute("name"), input.getAttribute("value"));
    }
    assertThat(fields).containsKeys("csrf", "key");
    return fields;
  }

}
