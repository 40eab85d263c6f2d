package io.aloft.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.browser.Browser;
import io.aloft.protocol.money.CurrencyUnit;
import java.math.BigDecimal;
import java.time.Duration;
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
  private static final long AIRLINE = DemoFlightServer.DEMO_AIRLINE;
  private static DemoFlightServer flown;
  private static String airlineKey;
  private ConsoleSession console;

  @BeforeAll
  static void flyTheDemoFlight() throws Exception {
    flown = DemoFlightServer.fly(3);
    airlineKey = flown.admin.post("/v1/airlines/" + AIRLINE + "/merchant-keys/rotate", Map.of())
        .get("merchantApiKey").asText();
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

  /** The API's catalogue as {@code sku -> "category|nameEn|nameZh|minor|currency"}. */
  private static Map<String, String> apiItems() throws Exception {
    Map<String, String> items = new LinkedHashMap<>();
    for (JsonNode item : flown.admin.get("/v1/airlines/" + AIRLINE + "/catalogue").get("items")) {
      items.put(item.get("sku").asText(), item.get("category").asText() + "|" + item.get("nameEn").asText() + "|"
          + item.get("nameZh").asText() + "|" + item.at("/unitPrice/amountMinor").asLong() + "|"
          + item.at("/unitPrice/currency").asText());
    }
    return items;
  }

  /** The page's catalogue in the same shape, read from the rendered tables. */
  private Map<String, String> shownItems() {
    Map<String, String> items = new LinkedHashMap<>();
    for (WebElement table : console.driver().findElements(By.cssSelector("table.catalogue"))) {
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
    console.logIn(airlineKey);
    console.open("/console/catalogue?lang=en");
    Map<String, String> api = apiItems();
    assertThat(api).as("the demo sets a 40-item catalogue").hasSize(40);
    assertThat(shownItems()).isEqualTo(api);
    JsonNode first = flown.admin.get("/v1/airlines/" + AIRLINE + "/catalogue").at("/items/0");
    WebElement price = console.driver().findElement(
        By.cssSelector("tr[data-sku='" + first.get("sku").asText() + "'] td.num"));
    assertThat(price.getText()).isEqualTo(ConsoleSession.shown(first.at("/unitPrice/amountMinor").asLong(),
        first.at("/unitPrice/currency").asText()));
    assertThat(console.driver().findElements(By.cssSelector("h2[id^='category-']")).stream()
        .map(WebElement::getText).toList()).isSubsetOf("Duty-free", "Meals", "Drinks", "Souvenirs").isNotEmpty();
  }

  @ParameterizedTest(name = "{0} in {1}")
  @Order(2)
  @CsvSource({"catalogue, en", "catalogue, zh", "edit, en", "edit, zh", "empty, en", "empty, zh",
      "operator, en", "operator, zh"})
  void everyPage_inBothLanguages_isTranslatedWithoutErrorsOrSeriousAccessibilityViolations(String page,
      String language) {
    console.logIn(switch (page) {
      case "empty" -> flown.otherAirlineKey;
      case "operator" -> TestDatabases.ADMIN_KEY;
      default -> airlineKey;
    });
    String path = switch (page) {
      case "edit" -> "/console/catalogue/edit";
      case "operator" -> "/console/catalogue?airline=" + AIRLINE;
      default -> "/console/catalogue";
    };
    console.open(path + (path.contains("?") ? "&" : "?") + "lang=" + language);
    if (page.equals("empty")) {
      assertThat(console.driver().findElements(By.id("catalogue-empty"))).hasSize(1);
    }
    console.checkPage("catalogue-" + page, language);
  }

  @Test
  @Order(3)
  void anotherAirline_cannotSeeOrEditThisAirlinesCatalogue() throws Exception {
    console.logIn(flown.otherAirlineKey);
    Map<String, String> before = apiItems();
    console.open("/console/catalogue?lang=en");
    assertThat(console.text()).contains("Other Air").contains("no items yet");
    assertThat(shownItems()).isEmpty();
    console.open("/console/catalogue?airline=" + AIRLINE + "&lang=en");
    assertThat(console.text()).contains("403").contains("does not exist or is another airline");
    assertThat(shownItems()).isEmpty();
    console.browser.screenshot("console-catalogue-forbidden-en");
    console.open("/console/catalogue/edit?airline=" + AIRLINE);
    assertThat(console.text()).contains("403");
    assertThat(console.driver().findElements(By.id("catalogue-form"))).isEmpty();
    console.open("/console/catalogue?airline=999999");
    assertThat(console.text()).as("a missing airline looks the same as another airline's").contains("403");

    // Its own form cannot be pointed at this airline: a posted airline id is refused the same way.
    console.open("/console/catalogue/edit");
    ((org.openqa.selenium.JavascriptExecutor) console.driver()).executeScript(
        "var i = document.createElement('input'); i.type = 'hidden'; i.name = 'airline'; i.value = arguments[0];"
            + " document.getElementById('catalogue-form').appendChild(i);", String.valueOf(AIRLINE));
    console.driver().findElement(By.id("row-0-sku")).sendKeys("STOLEN-1");
    console.driver().findElement(By.id("row-0-nameEn")).sendKeys("Stolen");
    console.driver().findElement(By.id("row-0-nameZh")).sendKeys("偷");
    console.driver().findElement(By.id("row-0-price")).sendKeys("1.00");
    submit();
    assertThat(console.text()).contains("403");
    assertThat(apiItems()).isEqualTo(before);
    assertThat(flown.admin.get("/v1/airlines/" + flown.otherAirlineId + "/catalogue").get("items")).isEmpty();
  }

  @Test
  @Order(4)
  void aPriceWithTooManyDecimals_isRefusedInWords_andNothingChanges() throws Exception {
    console.logIn(airlineKey);
    Map<String, String> before = apiItems();
    console.open("/console/catalogue/edit?lang=en");
    int blank = before.size();
    console.driver().findElement(By.id("row-" + blank + "-sku")).sendKeys("SCARF-EU");
    console.driver().findElement(By.id("row-" + blank + "-nameEn")).sendKeys("Silk scarf");
    console.driver().findElement(By.id("row-" + blank + "-nameZh")).sendKeys("丝巾");
    console.driver().findElement(By.id("row-" + blank + "-price")).sendKeys("1.234");
    WebElement currency = console.driver().findElement(By.id("row-" + blank + "-currency"));
    currency.clear();
    currency.sendKeys("EUR");
    submit();

    assertThat(console.driver().findElement(By.id("catalogue-errors")).getText())
        .contains("Row " + (blank + 1) + ": Price: too many decimals for this currency.");
    WebElement price = console.driver().findElement(By.id("row-" + blank + "-price"));
    assertThat(price.getAttribute("value")).as("what was typed is kept").isEqualTo("1.234");
    assertThat(price.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(console.driver().findElement(By.id("row-" + blank + "-price-error")).getText())
        .isEqualTo("Price: too many decimals for this currency.");
    assertThat(console.driver().findElement(By.id("row-" + blank + "-nameZh")).getAttribute("value"))
        .isEqualTo("丝巾");
    console.browser.screenshot("console-catalogue-refused-en");
    assertThat(console.browser.seriousAccessibilityViolations()).isEmpty();
    assertThat(apiItems()).isEqualTo(before);

    // The same refusal in Chinese; a row the service refuses (a repeated sku) is named too.
    console.open("/console/catalogue/edit?lang=zh");
    console.driver().findElement(By.id("row-" + blank + "-sku")).sendKeys(before.keySet().iterator().next());
    console.driver().findElement(By.id("row-" + blank + "-nameEn")).sendKeys("Twin");
    console.driver().findElement(By.id("row-" + blank + "-nameZh")).sendKeys("重复");
    console.driver().findElement(By.id("row-" + blank + "-price")).sendKeys("3");
    submit();
    assertThat(console.driver().findElement(By.id("row-" + blank + "-sku-error")).getText())
        .contains("每个 SKU 只能出现一次");
    ((org.openqa.selenium.JavascriptExecutor) console.driver()).executeScript("arguments[0].scrollIntoView()",
        console.driver().findElement(By.cssSelector("tr[data-row='" + (blank - 3) + "']")));
    console.browser.screenshot("console-catalogue-refused-zh");
    assertThat(apiItems()).isEqualTo(before);
  }

  @Test
  @Order(5)
  void theAirline_addsAnItemAndChangesAPrice_andTheApiAndTheAuditLogShowIt() throws Exception {
    console.logIn(airlineKey);
    Map<String, String> before = apiItems();
    String changedSku = before.keySet().iterator().next();
    String[] old = before.get(changedSku).split("\\|");
    CurrencyUnit currency = CurrencyUnit.of(old[4]);
    long newMinor = Long.parseLong(old[3]) + 150 * (long) Math.pow(10, currency.exponent()) / 100;
    String newPrice = BigDecimal.valueOf(newMinor, currency.exponent()).toPlainString();

    console.open("/console/catalogue/edit?lang=en");
    WebElement price = console.driver().findElement(By.id("row-0-price"));
    assertThat(console.driver().findElement(By.id("row-0-sku")).getAttribute("value")).isEqualTo(changedSku);
    assertThat(price.getAttribute("value")).isEqualTo(BigDecimal.valueOf(Long.parseLong(old[3]),
        currency.exponent()).toPlainString());
    price.clear();
    price.sendKeys(newPrice);
    int blank = before.size();
    console.driver().findElement(By.id("row-" + blank + "-sku")).sendKeys("PANDA-01");
    new org.openqa.selenium.support.ui.Select(console.driver().findElement(By.id("row-" + blank + "-category")))
        .selectByValue("souvenirs");
    console.driver().findElement(By.id("row-" + blank + "-nameEn")).sendKeys("Plush panda");
    console.driver().findElement(By.id("row-" + blank + "-nameZh")).sendKeys("熊猫玩偶");
    console.driver().findElement(By.id("row-" + blank + "-price")).sendKeys("88.50");
    WebElement currencyField = console.driver().findElement(By.id("row-" + blank + "-currency"));
    currencyField.clear();
    currencyField.sendKeys("CNY");
    submit();

    assertThat(console.driver().getCurrentUrl()).contains("/console/catalogue?saved=saved");
    assertThat(console.text()).contains("The catalogue is saved: 41 items.");
    Map<String, String> after = apiItems();
    assertThat(after).hasSize(41);
    assertThat(after.get("PANDA-01")).isEqualTo("souvenirs|Plush panda|熊猫玩偶|8850|CNY");
    assertThat(after.get(changedSku)).isEqualTo(old[0] + "|" + old[1] + "|" + old[2] + "|" + newMinor + "|" + old[4]);
    assertThat(shownItems()).isEqualTo(after);
    console.browser.screenshot("console-catalogue-saved-en");

    // The same form again (a double submit) changes nothing and says so.
    console.driver().navigate().back();
    submit();
    assertThat(console.text()).contains("Nothing changed");
    assertThat(apiItems()).isEqualTo(after);

    console.close();
    console = new ConsoleSession(flown.base, 1280, 2000);
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/audit?lang=en");
    List<String> replacements = new ArrayList<>();
    for (WebElement row : console.driver().findElements(By.cssSelector("#audit tbody tr[data-action='catalogue.replaced']"))) {
      replacements.add(row.getText());
    }
    assertThat(replacements).as("the newest replacement is this one").isNotEmpty();
    assertThat(replacements.get(0)).contains("airline:" + AIRLINE).contains("40 items replaced by 41");
    assertThat(replacements).as("the double submit records nothing").filteredOn(row -> row.contains("by 41"))
        .hasSize(1);
  }

  private void submit() {
    WebElement form = console.driver().findElement(By.id("catalogue-form"));
    console.driver().findElement(By.id("save-catalogue")).click();
    console.browser.awaitGone(form, Duration.ofSeconds(10));
  }

}
