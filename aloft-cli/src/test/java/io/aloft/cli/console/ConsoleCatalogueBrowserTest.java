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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * The catalogue pages in a real headless Chromium, on a server that has flown the demo flight
 * (whose airline has a 40-item catalogue): the page shows what {@code GET /v1/airlines/{id}/catalogue}
 * gives; the airline adds an item and changes a price through the form and the API then has them,
 * with the replacement in the audit log; a price with too many decimals is refused in words and
 * changes nothing; another airline sees only its own catalogue; both pages pass the language,
 * console-error and axe-core checks. The read-only checks run before the edits.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleCatalogueBrowserTest {
  private static final long AIRLINE = 1;
  private static Path dir;
  private static AloftServer server;
  private static String base;
  private static ApiClient admin;
  private static String airlineKey;
  private static String otherAirlineKey;
  private static long otherAirlineId;
  private Browser browser;

  @BeforeAll
  static void flyTheDemoFlight() throws Exception {
    dir = Files.createTempDirectory("aloft-console-catalogue-");
    server = TestDatabases.server(dir.resolve("server"));
    base = server.baseUrl();
    Path adminKeyFile = dir.resolve("admin-key");
    Files.writeString(adminKeyFile, TestDatabases.ADMIN_KEY);
    Cli.Result demo = Cli.run("demo", "--server", base, "--admin-key-file", adminKeyFile.toString(), "--seed", "42",
        "--quiet", "--passengers", "3", "--terminals", "2");
    assertThat(demo.exitCode()).as(demo.toString()).isZero();
    admin = new ApiClient(base, Optional.of(TestDatabases.ADMIN_KEY));
    airlineKey = admin.post("/v1/airlines/" + AIRLINE + "/merchant-keys/rotate", Map.of()).get("merchantApiKey")
        .asText();
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

  /** The API's catalogue as {@code sku -> "category|nameEn|nameZh|minor|currency"}. */
  private static Map<String, String> apiItems() throws Exception {
    Map<String, String> items = new LinkedHashMap<>();
    for (JsonNode item : admin.get("/v1/airlines/" + AIRLINE + "/catalogue").get("items")) {
      items.put(item.get("sku").asText(), item.get("category").asText() + "|" + item.get("nameEn").asText() + "|"
          + item.get("nameZh").asText() + "|" + item.at("/unitPrice/amountMinor").asLong() + "|"
          + item.at("/unitPrice/currency").asText());
    }
    return items;
  }

  /** The page's catalogue in the same shape, read from the rendered tables. */
  private Map<String, String> shownItems() {
    Map<String, String> items = new LinkedHashMap<>();
    for (WebElement table : browser.driver().findElements(By.cssSelector("table.catalogue"))) {
      for (WebElement row : table.findElements(By.cssSelector("tbody tr"))) {
        List<WebElement> cells = row.findElements(By.tagName("td"));
        items.put(cells.get(0).getText(), table.getAttribute("data-category") + "|" + cells.get(1).getText() + "|"
            + cells.get(2).getText() + "|" + cells.get(3).getAttribute("data-minor") + "|"
            + cells.get(3).getAttribute("data-currency"));
      }
    }
    return items;
  }

  @Test
  @Order(1)
  void thePage_showsTheApisItemsAndPrices_byCategory() throws Exception {
    logIn(airlineKey);
    browser.open(base + "/console/catalogue?lang=en");
    Map<String, String> api = apiItems();
    assertThat(api).as("the demo sets a 40-item catalogue").hasSize(40);
    assertThat(shownItems()).isEqualTo(api);
    JsonNode first = admin.get("/v1/airlines/" + AIRLINE + "/catalogue").at("/items/0");
    WebElement price = browser.driver().findElement(
        By.cssSelector("tr[data-sku='" + first.get("sku").asText() + "'] td.num"));
    assertThat(price.getText()).isEqualTo(decimal(first.at("/unitPrice/amountMinor").asLong(),
        first.at("/unitPrice/currency").asText()));
    assertThat(browser.driver().findElements(By.cssSelector("h2[id^='category-']")).stream()
        .map(WebElement::getText).toList()).isSubsetOf("Duty-free", "Meals", "Drinks", "Souvenirs").isNotEmpty();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @Order(2)
  @CsvSource({"catalogue, en", "catalogue, zh", "edit, en", "edit, zh", "empty, en", "empty, zh",
      "operator, en", "operator, zh"})
  void everyPage_inBothLanguages_isTranslatedWithoutErrorsOrSeriousAccessibilityViolations(String page,
      String language) {
    logIn(switch (page) {
      case "empty" -> otherAirlineKey;
      case "operator" -> TestDatabases.ADMIN_KEY;
      default -> airlineKey;
    });
    String path = switch (page) {
      case "edit" -> "/console/catalogue/edit";
      case "operator" -> "/console/catalogue?airline=" + AIRLINE;
      default -> "/console/catalogue";
    };
    browser.open(base + path + (path.contains("?") ? "&" : "?") + "lang=" + language);
    String source = browser.driver().getPageSource();
    assertThat(source).as("no untranslated key").doesNotContain("⟦");
    assertThat(browser.driver().findElement(By.tagName("html")).getAttribute("lang"))
        .isEqualTo(language.equals("zh") ? "zh-Hans" : "en");
    if (language.equals("zh")) {
      assertThat(text()).containsPattern("[\\u4e00-\\u9fff]");
    }
    if (page.equals("empty")) {
      assertThat(browser.driver().findElements(By.id("catalogue-empty"))).hasSize(1);
    }
    browser.screenshot("console-catalogue-" + page + "-" + language);
    assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
    assertThat(browser.seriousAccessibilityViolations()).as("serious accessibility violations").isEmpty();
  }

  @Test
  @Order(3)
  void anotherAirline_cannotSeeOrEditThisAirlinesCatalogue() throws Exception {
    logIn(otherAirlineKey);
    Map<String, String> before = apiItems();
    browser.open(base + "/console/catalogue?lang=en");
    assertThat(text()).contains("Other Air").contains("no items yet");
    assertThat(shownItems()).isEmpty();
    browser.open(base + "/console/catalogue?airline=" + AIRLINE + "&lang=en");
    assertThat(text()).contains("403").contains("does not exist or is another airline");
    assertThat(shownItems()).isEmpty();
    browser.screenshot("console-catalogue-forbidden-en");
    browser.open(base + "/console/catalogue/edit?airline=" + AIRLINE);
    assertThat(text()).contains("403");
    assertThat(browser.driver().findElements(By.id("catalogue-form"))).isEmpty();
    browser.open(base + "/console/catalogue?airline=999999");
    assertThat(text()).as("a missing airline looks the same as another airline's").contains("403");

    // Its own form cannot be pointed at this airline: a posted airline id is refused the same way.
    browser.open(base + "/console/catalogue/edit");
    ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript(
        "var i = document.createElement('input'); i.type = 'hidden'; i.name = 'airline'; i.value = arguments[0];"
            + " document.getElementById('catalogue-form').appendChild(i);", String.valueOf(AIRLINE));
    browser.driver().findElement(By.id("row-0-sku")).sendKeys("STOLEN-1");
    browser.driver().findElement(By.id("row-0-nameEn")).sendKeys("Stolen");
    browser.driver().findElement(By.id("row-0-nameZh")).sendKeys("偷");
    browser.driver().findElement(By.id("row-0-price")).sendKeys("1.00");
    submit();
    assertThat(text()).contains("403");
    assertThat(apiItems()).isEqualTo(before);
    assertThat(admin.get("/v1/airlines/" + otherAirlineId + "/catalogue").get("items")).isEmpty();
  }

  @Test
  @Order(4)
  void aPriceWithTooManyDecimals_isRefusedInWords_andNothingChanges() throws Exception {
    logIn(airlineKey);
    Map<String, String> before = apiItems();
    browser.open(base + "/console/catalogue/edit?lang=en");
    int blank = before.size();
    browser.driver().findElement(By.id("row-" + blank + "-sku")).sendKeys("SCARF-EU");
    browser.driver().findElement(By.id("row-" + blank + "-nameEn")).sendKeys("Silk scarf");
    browser.driver().findElement(By.id("row-" + blank + "-nameZh")).sendKeys("丝巾");
    browser.driver().findElement(By.id("row-" + blank + "-price")).sendKeys("1.234");
    WebElement currency = browser.driver().findElement(By.id("row-" + blank + "-currency"));
    currency.clear();
    currency.sendKeys("EUR");
    submit();

    assertThat(browser.driver().findElement(By.id("catalogue-errors")).getText())
        .contains("Row " + (blank + 1) + ": Price: too many decimals for this currency.");
    WebElement price = browser.driver().findElement(By.id("row-" + blank + "-price"));
    assertThat(price.getAttribute("value")).as("what was typed is kept").isEqualTo("1.234");
    assertThat(price.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.driver().findElement(By.id("row-" + blank + "-price-error")).getText())
        .isEqualTo("Price: too many decimals for this currency.");
    assertThat(browser.driver().findElement(By.id("row-" + blank + "-nameZh")).getAttribute("value"))
        .isEqualTo("丝巾");
    browser.screenshot("console-catalogue-refused-en");
    assertThat(browser.seriousAccessibilityViolations()).isEmpty();
    assertThat(apiItems()).isEqualTo(before);

    // The same refusal in Chinese; a row the service refuses (a repeated sku) is named too.
    browser.open(base + "/console/catalogue/edit?lang=zh");
    browser.driver().findElement(By.id("row-" + blank + "-sku")).sendKeys(before.keySet().iterator().next());
    browser.driver().findElement(By.id("row-" + blank + "-nameEn")).sendKeys("Twin");
    browser.driver().findElement(By.id("row-" + blank + "-nameZh")).sendKeys("重复");
    browser.driver().findElement(By.id("row-" + blank + "-price")).sendKeys("3");
    submit();
    assertThat(browser.driver().findElement(By.id("row-" + blank + "-sku-error")).getText())
        .contains("每个 SKU 只能出现一次");
    ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeScript("arguments[0].scrollIntoView()",
        browser.driver().findElement(By.cssSelector("tr[data-row='" + (blank - 3) + "']")));
    browser.screenshot("console-catalogue-refused-zh");
    assertThat(apiItems()).isEqualTo(before);
  }

  @Test
  @Order(5)
  void theAirline_addsAnItemAndChangesAPrice_andTheApiAndTheAuditLogShowIt() throws Exception {
    logIn(airlineKey);
    Map<String, String> before = apiItems();
    String changedSku = before.keySet().iterator().next();
    String[] old = before.get(changedSku).split("\\|");
    CurrencyUnit currency = CurrencyUnit.of(old[4]);
    long newMinor = Long.parseLong(old[3]) + 150 * (long) Math.pow(10, currency.exponent()) / 100;
    String newPrice = BigDecimal.valueOf(newMinor, currency.exponent()).toPlainString();

    browser.open(base + "/console/catalogue/edit?lang=en");
    WebElement price = browser.driver().findElement(By.id("row-0-price"));
    assertThat(browser.driver().findElement(By.id("row-0-sku")).getAttribute("value")).isEqualTo(changedSku);
    assertThat(price.getAttribute("value")).isEqualTo(BigDecimal.valueOf(Long.parseLong(old[3]),
        currency.exponent()).toPlainString());
    price.clear();
    price.sendKeys(newPrice);
    int blank = before.size();
    browser.driver().findElement(By.id("row-" + blank + "-sku")).sendKeys("PANDA-01");
    new org.openqa.selenium.support.ui.Select(browser.driver().findElement(By.id("row-" + blank + "-category")))
        .selectByValue("souvenirs");
    browser.driver().findElement(By.id("row-" + blank + "-nameEn")).sendKeys("Plush panda");
    browser.driver().findElement(By.id("row-" + blank + "-nameZh")).sendKeys("熊猫玩偶");
    browser.driver().findElement(By.id("row-" + blank + "-price")).sendKeys("88.50");
    WebElement currencyField = browser.driver().findElement(By.id("row-" + blank + "-currency"));
    currencyField.clear();
    currencyField.sendKeys("CNY");
    submit();

    assertThat(browser.driver().getCurrentUrl()).contains("/console/catalogue?saved=saved");
    assertThat(text()).contains("The catalogue is saved: 41 items.");
    Map<String, String> after = apiItems();
    assertThat(after).hasSize(41);
    assertThat(after.get("PANDA-01")).isEqualTo("souvenirs|Plush panda|熊猫玩偶|8850|CNY");
    assertThat(after.get(changedSku)).isEqualTo(old[0] + "|" + old[1] + "|" + old[2] + "|" + newMinor + "|" + old[4]);
    assertThat(shownItems()).isEqualTo(after);
    browser.screenshot("console-catalogue-saved-en");

    // The same form again (a double submit) changes nothing and says so.
    browser.driver().navigate().back();
    submit();
    assertThat(text()).contains("Nothing changed");
    assertThat(apiItems()).isEqualTo(after);

    browser.close();
    browser = Browser.start(1280, 2000);
    logIn(TestDatabases.ADMIN_KEY);
    browser.open(base + "/console/audit?lang=en");
    List<String> replacements = new ArrayList<>();
    for (WebElement row : browser.driver().findElements(By.cssSelector("#audit tbody tr[data-action='catalogue.replaced']"))) {
      replacements.add(row.getText());
    }
    assertThat(replacements).as("the newest replacement is this one").isNotEmpty();
    assertThat(replacements.get(0)).contains("airline:" + AIRLINE).contains("40 items replaced by 41");
    assertThat(replacements).as("the double submit records nothing").filteredOn(row -> row.contains("by 41"))
        .hasSize(1);
  }

  private void submit() {
    WebElement form = browser.driver().findElement(By.id("catalogue-form"));
    browser.driver().findElement(By.id("save-catalogue")).click();
    browser.awaitGone(form, Duration.ofSeconds(10));
  }

  private static String decimal(long minor, String currency) {
    BigDecimal amount = BigDecimal.valueOf(minor, CurrencyUnit.of(currency).exponent());
    java.text.NumberFormat format = java.text.NumberFormat.getNumberInstance(java.util.Locale.UK);
    format.setMinimumFractionDigits(CurrencyUnit.of(currency).exponent());
    format.setMaximumFractionDigits(CurrencyUnit.of(currency).exponent());
    return currency + " " + format.format(amount);
  }
}
