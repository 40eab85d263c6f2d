package io.aloft.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.browser.Browser;
import io.aloft.cli.http.ApiClient;
import io.aloft.server.console.Language;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The crew and passenger apps in two headless Chromium windows at phone size, over real device
 * folders and a real server: a flight flown through the screens, where each scan is the decoded
 * text of the QR code the other window shows, posted through the scan form's own field. Every
 * screen is checked in both languages for console errors, missing words and serious
 * accessibility violations; screenshots go to {@code target/screenshots/app-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppsBrowserTest {
  private static AppDevices devices;
  private static AppServer wallet;
  private static AppServer crew;
  private static Browser passenger;
  private static Browser galley;
  private static String handshakePayment;
  private static String oneScanCode;
  private static String oneScanPayment;

  @BeforeAll
  static void setUp() throws Exception {
    devices = AppDevices.setUp();
    wallet = devices.passengerApp();
    passenger = Browser.start(412, 915);
    galley = Browser.start(412, 915);
  }

  @AfterAll
  static void tearDown() {
    if (passenger != null) {
      passenger.close();
    }
    if (galley != null) {
      galley.close();
    }
    if (devices != null) {
      devices.close();
    }
  }

  private static String text(Browser browser) {
    return browser.driver().findElement(By.tagName("body")).getText();
  }

  /** What every screen must be: all words present, no console errors, no serious axe violations; then a screenshot. */
  private static void checkScreen(Browser browser, String name) {
    checkScreen(browser, name, 200);
  }

  /**
   * As above for a screen answered with {@code status}: a form sent back with what was wrong
   * (400) logs its own status in the console, and nothing else may be there.
   */
  private static void checkScreen(Browser browser, String name, int status) {
    assertThat(text(browser)).as(name + " words").doesNotContain(Language.MISSING_MARK);
    String own = "the server responded with a status of " + status;
    assertThat(browser.consoleErrors()).as(name + " console errors")
        .allMatch(error -> status != 200 && error.contains(own));
    assertThat(browser.seriousAccessibilityViolations()).as(name + " accessibility").isEmpty();
    browser.screenshot("app-" + name);
  }

  private static void open(Browser browser, AppServer app, String screen, String language) {
    browser.open(app.url() + screen + (screen.contains("?") ? "&" : "?") + "lang=" + language);
  }

  /** Submits a form by its primary button and waits for the next page. */
  private static void submit(Browser browser, String formSelector) {
    WebElement form = browser.driver().findElement(By.cssSelector(formSelector));
    form.findElement(By.cssSelector("button[type=submit]")).click();
    browser.awaitGone(form, Duration.ofSeconds(30));
  }

  /** What a scan does: the decoded text lands in the scan form's field and the form is sent. */
  private static void scan(Browser browser, String formId, String code) {
    WebElement field = browser.driver().findElement(By.id(formId + "-code"));
    browser.driver().executeScript("arguments[0].value = arguments[1];", field, code);
    submit(browser, "#" + formId);
  }

  /** Taps a catalogue item on the Sell screen. */
  private static void add(Browser browser, String sku) {
    WebElement button = browser.driver().findElement(By.cssSelector("button[data-sku='" + sku + "']"));
    button.click();
    browser.awaitGone(button, Duration.ofSeconds(10));
  }

  private static void type(Browser browser, String id, String value) {
    WebElement field = browser.driver().findElement(By.id(id));
    field.clear();
    field.sendKeys(value);
  }

  private static String qr(Browser browser, String id) throws Exception {
    return AppDevices.decode(browser.driver().findElement(By.id(id)).getAttribute("src"));
  }

  @Test
  @Order(1)
  void thePassengerEnrolsOnTheScreen_andSeesTheAllowanceAndTierExplained() throws Exception {
    open(passenger, wallet, "home", "en");
    assertThat(text(passenger)).contains("You are not signed up for offline payment");
    checkScreen(passenger, "wallet-home-unenrolled-en");
    open(passenger, wallet, "enrol", "en");
    type(passenger, "flight", "1");
    type(passenger, "passphrase", AppDevices.PASSPHRASE);
    submit(passenger, "form[action$='/enrol']");
    assertThat(passenger.driver().findElement(By.id("enrolled")).getText()).contains("You are signed up");
    assertThat(text(passenger)).contains("Your tier: 2").contains("CNY 100.00").contains("CNY 500.00")
        .contains("A higher payment score moves you to a higher tier");
    checkScreen(passenger, "wallet-enrol-en");
    open(passenger, wallet, "enrol", "zh");
    assertThat(text(passenger)).contains("您的等级：2");
    checkScreen(passenger, "wallet-enrol-zh");

    devices.syncTerminal();
    crew = devices.crewApp();
  }

  @Test
  @Order(2)
  void aHandshakeSale_isBuiltInTheCart_paidOnThePhone_andPaidOnTheHandheld() throws Exception {
    open(galley, crew, "sell", "en");
    checkScreen(galley, "crew-sell-empty-en");
    assertThat(galley.driver().findElements(By.cssSelector(".categories a")).stream().map(WebElement::getText))
        .containsExactly("Duty free", "Meals", "Drinks", "Souvenirs");
    open(galley, crew, "sell?category=drinks", "en");
    add(galley, "TEA-1");
    add(galley, "TEA-1");
    add(galley, "NUTS-1");
    assertThat(galley.driver().findElement(By.cssSelector("tr[data-line='TEA-1'] .quantity")).getText()).isEqualTo("2");
    assertThat(galley.driver().findElement(By.cssSelector(".cart tfoot .total")).getAttribute("data-minor"))
        .isEqualTo("3800");
    galley.open(galley.driver().getCurrentUrl().replace("#cart", ""));
    checkScreen(galley, "crew-sell-cart-en");
    open(galley, crew, "sell?category=drinks", "zh");
    assertThat(text(galley)).contains("茉莉花茶").contains("花生");
    checkScreen(galley, "crew-sell-cart-zh");
    open(galley, crew, "sell?category=drinks", "en");

    submit(galley, "form[action$='/pay/handshake']");
    assertThat(galley.driver().findElement(By.cssSelector(".amount-hero")).getText()).isEqualTo("CNY 38.00");
    checkScreen(galley, "crew-request-en");
    String request = qr(galley, "request-qr");
    assertThat(request).startsWith("AL1");

    open(passenger, wallet, "pay", "en");
    checkScreen(passenger, "wallet-pay-en");
    scan(passenger, "request", request);
    assertThat(passenger.driver().findElement(By.id("merchant")).getText()).isEqualTo("Forward galley");
    assertThat(passenger.driver().findElement(By.id("offer-amount")).getText()).isEqualTo("CNY 38.00");
    assertThat(text(passenger)).contains("Jasmine tea").contains("Peanuts");
    checkScreen(passenger, "wallet-confirm-en");

    type(passenger, "passphrase", "not the passphrase");
    submit(passenger, "form[action$='/pay/confirm']");
    assertThat(passenger.driver().findElement(By.cssSelector(".verdict.refused .reason")).getAttribute("data-reason"))
        .isEqualTo("WRONG_PASSPHRASE");
    checkScreen(passenger, "wallet-confirm-wrong-passphrase-en", 400);
    type(passenger, "passphrase", AppDevices.PASSPHRASE);
    submit(passenger, "form[action$='/pay/confirm']");
    checkScreen(passenger, "wallet-authorization-en");
    String authorization = qr(passenger, "authorization-qr");

    scan(galley, "authorization", authorization);
    assertThat(galley.driver().findElement(By.id("verdict")).getText()).isEqualTo("PAID");
    assertThat(text(galley)).contains("CNY 38.00");
    checkScreen(galley, "crew-paid-en");
    String receipt = qr(galley, "receipt-qr");
    handshakePayment = galley.driver().findElement(By.cssSelector(".verdict code")).getAttribute("title");

    scan(passenger, "receipt", receipt);
    assertThat(passenger.driver().findElement(By.id("bill-receipt")).getText()).isEqualTo("Kept");
    assertThat(passenger.driver().findElement(By.id("bill-state")).getText()).isEqualTo("Pending");
    assertThat(text(passenger)).contains("Jasmine tea").contains("CNY 38.00");
    checkScreen(passenger, "wallet-bill-en");
    open(passenger, wallet, "bills/" + handshakePayment, "zh");
    assertThat(text(passenger)).contains("茉莉花茶").contains("待结算");
    checkScreen(passenger, "wallet-bill-zh");
  }

  @Test
  @Order(3)
  void aOneScanCode_paysTheCartOnce_andAReplayOrATamperedCodeIsRefusedInWords() throws Exception {
    open(passenger, wallet, "code", "en");
    checkScreen(passenger, "wallet-code-form-en");
    type(passenger, "code-amount", "38.00");
    type(passenger, "passphrase", AppDevices.PASSPHRASE);
    submit(passenger, "form[action$='/code']");
    checkScreen(passenger, "wallet-code-showing-en");
    oneScanCode = qr(passenger, "code-qr");
    // The page asks for the code again by itself (a fresh one once the window runs out), under the CSP.
    new WebDriverWait(passenger.driver(), Duration.ofSeconds(15)).until(driver ->
        driver.findElement(By.id("code-qr")).getAttribute("src").contains("?t="));
    assertThat(qr(passenger, "code-qr")).as("the same code while it is fresh").isEqualTo(oneScanCode);
    assertThat(passenger.consoleErrors()).isEmpty();

    open(galley, crew, "sell?category=meals", "en");
    add(galley, "NOODLE-1");
    galley.driver().findElement(By.id("pay-one-scan")).click();
    checkScreen(galley, "crew-one-scan-en");
    scan(galley, "one-scan", oneScanCode);
    assertThat(galley.driver().findElement(By.id("verdict")).getText()).as(text(galley)).isEqualTo("PAID");
    oneScanPayment = galley.driver().findElement(By.cssSelector(".verdict code")).getAttribute("title");
    scan(passenger, "receipt", qr(galley, "receipt-qr"));
    assertThat(passenger.driver().findElement(By.id("bill-receipt")).getText()).isEqualTo("Kept");

    sellTyped("38.00", "Noodles");
    galley.driver().findElement(By.id("pay-one-scan")).click();
    scan(galley, "one-scan", oneScanCode);
    assertThat(galley.driver().findElement(By.id("verdict")).getText()).isEqualTo("REFUSED");
    assertThat(galley.driver().findElement(By.cssSelector(".reason")).getAttribute("data-reason"))
        .isEqualTo("REPLAYED_COUNTER");
    assertThat(text(galley)).contains("This code has already been used.");
    checkScreen(galley, "crew-refused-en");
    open(galley, crew, "pay/outcome", "zh");
    assertThat(galley.driver().findElement(By.id("verdict")).getText()).isEqualTo("已拒绝");
    assertThat(text(galley)).contains("此二维码已被使用过。");
    checkScreen(galley, "crew-refused-zh");

    String tampered = tamper(oneScanCode);
    open(galley, crew, "pay/one-scan", "en");
    scan(galley, "one-scan", tampered);
    assertThat(galley.driver().findElement(By.id("verdict")).getText()).isEqualTo("REFUSED");
    String reason = galley.driver().findElement(By.cssSelector(".reason")).getAttribute("data-reason");
    assertThat(reason).isIn("MALFORMED", "BAD_SIGNATURE");
    open(galley, crew, "pay/outcome", "zh");
    assertThat(text(galley)).contains(AppText.text(Language.CHINESE, "crew.reason." + reason));
    open(galley, crew, "sell?category=x", "en");
    submit(galley, "form[action$='/cart/clear']");
  }

  /** The code with one character of its signed body changed, as a forger would. */
  private static String tamper(String code) {
    int at = code.length() / 2;
    char changed = code.charAt(at) == 'A' ? 'B' : 'A';
    return code.substring(0, at) + changed + code.substring(at + 1);
  }

  /** Sells an amount typed by hand, for what the catalogue lacks. */
  private static void sellTyped(String amount, String label) {
    open(galley, crew, "sell", "en");
    galley.driver().findElement(By.cssSelector("details.typed summary")).click();
    type(galley, "amount", amount);
    type(galley, "label", label);
    submit(galley, "form[action$='/cart/amount']");
  }

  @Test
  @Order(4)
  void aRefund_givesANoteThatThePassengersBillKeeps() throws Exception {
    open(galley, crew, "refund", "en");
    assertThat(text(galley)).contains(oneScanPayment).contains(handshakePayment);
    type(galley, "payment", oneScanPayment);
    submit(galley, "form[action$='/refund']");
    assertThat(text(galley)).contains("Refund this?").contains("Everything not yet refunded").contains(oneScanPayment);
    checkScreen(galley, "crew-refund-confirm-en");
    submit(galley, "form[action$='/refund']");
    assertThat(text(galley)).contains("Refunded CNY 38.00");
    checkScreen(galley, "crew-refund-en");
    open(passenger, wallet, "note", "en");
    checkScreen(passenger, "wallet-note-en");
    scan(passenger, "receipt", qr(galley, "refund-qr"));
    assertThat(passenger.driver().findElement(By.id("bill-state")).getText()).isEqualTo("Refunded");
    open(passenger, wallet, "bills", "en");
    assertThat(passenger.driver().findElements(By.cssSelector(".bills li"))).hasSize(2);
    checkScreen(passenger, "wallet-bills-en");
  }

  @Test
  @Order(5)
  void theStatusShowsWhatWaitsForUpload() {
    open(galley, crew, "status", "en");
    assertThat(galley.driver().findElement(By.id("pending-count")).getText()).isEqualTo("2 payments");
    assertThat(galley.driver().findElement(By.id("bundle-state")).getText()).isEqualTo("Valid");
    checkScreen(galley, "crew-status-en");
  }

  @Test
  @Order(6)
  void afterLanding_bothSync_andTheServerSettledTheSaleOnceWithItsItems() throws Exception {
    open(galley, crew, "upload", "en");
    checkScreen(galley, "crew-upload-en");
    galley.driver().findElement(By.id("upload-start")).click();
    new WebDriverWait(galley.driver(), Duration.ofSeconds(60))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("upload-result")));
    assertThat(galley.driver().findElement(By.id("upload-result")).getText()).isEqualTo("Upload finished");
    assertThat(galley.driver().findElement(By.cssSelector("#outcomes tr[data-outcome='SETTLED'] .num")).getText())
        .isEqualTo("3");
    checkScreen(galley, "crew-upload-done-en");

    open(passenger, wallet, "sync", "en");
    submit(passenger, "form[action$='/sync']");
    assertThat(passenger.driver().findElement(By.id("sync-result")).getText()).startsWith("Synced");
    checkScreen(passenger, "wallet-sync-en");
    open(passenger, wallet, "bills/" + handshakePayment, "en");
    assertThat(passenger.driver().findElement(By.id("bill-state")).getText()).isEqualTo("Settled");

    JsonNode report = new ApiClient(devices.url(), Optional.of(TestDatabases.ADMIN_KEY))
        .get("/v1/flights/1/settlement-report");
    List<JsonNode> sale = new java.util.ArrayList<>();
    report.get("payments").forEach(p -> {
      if (p.get("paymentId").asText().equals(handshakePayment)) {
        sale.add(p);
      }
    });
    assertThat(sale).as(report.toPrettyString()).hasSize(1);
    assertThat(sale.get(0).get("outcome").asText()).isEqualTo("SETTLED");
    assertThat(sale.get(0).get("chargedMinor").asLong()).isEqualTo(3800);
    // The items sold are on the operator console's flight page, from the request the sale answered.
    galley.open(devices.url() + "/console/login");
    type(galley, "key", TestDatabases.ADMIN_KEY);
    submit(galley, "form.stack");
    galley.open(devices.url() + "/console/flights/1?lang=en");
    String items = galley.driver().findElement(By.id("items")).getText();
    assertThat(items).contains("Jasmine tea").contains("Peanuts");
  }

  @Test
  @Order(7)
  void everyScreen_inBothLanguages_hasAllItsWords_noConsoleErrors_andNoSeriousAccessibilityViolations() {
    for (Language language : Language.values()) {
      for (String screen : List.of("home", "enrol", "pay", "code", "note", "bills", "bills/" + handshakePayment,
          "sync")) {
        open(passenger, wallet, screen, language.tag());
        checkScreen(passenger, "wallet-" + screen.replace('/', '-').replaceAll("-[0-9a-f]{8,}.*", "-bill") + "-"
            + language.tag());
      }
      for (String screen : List.of("sell", "pay/one-scan", "refund", "status", "upload")) {
        open(galley, crew, screen, language.tag());
        checkScreen(galley, "crew-" + screen.replace('/', '-') + "-" + language.tag());
      }
    }
  }

  @Test
  @Order(8)
  void theAppsListenOnLoopback_andAnswerNothingWithoutTheSecret() throws Exception {
    for (AppServer app : List.of(wallet, crew)) {
      assertThat(app.loopback()).isTrue();
      assertThat(URI.create(app.url()).getHost()).isEqualTo("127.0.0.1");
      HttpClient http = HttpClient.newHttpClient();
      String good = app.url();
      String wrongSecret = good.replaceAll("/app/[0-9a-f]+/", "/app/" + "0".repeat(32) + "/");
      assertThat(status(http, good + "static/app.css")).isEqualTo(200);
      assertThat(status(http, wrongSecret + "static/app.css")).isEqualTo(404);
      assertThat(status(http, wrongSecret)).isEqualTo(404);
      assertThat(status(http, good.replaceAll("/app/[0-9a-f]+/", "/app/"))).isEqualTo(404);
      assertThat(status(http, good.replace("/app/", "/")).intValue()).isEqualTo(404);
      HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(good)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp ->
          assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").doesNotContain("unsafe"));
    }
  }

  @Test
  @Order(9)
  void badInput_isRefusedInWords_andNothingIsSold() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> amount = post(http, crew.url() + "cart/amount", "amount=a+lot&label=x");
    assertThat(amount.statusCode()).isEqualTo(400);
    assertThat(amount.body()).contains("Type an amount above zero");
    HttpResponse<String> negative = post(http, crew.url() + "cart/amount", "amount=-5.00");
    assertThat(negative.statusCode()).isEqualTo(400);
    HttpResponse<String> unknown = post(http, crew.url() + "cart/add", "sku=NOT-SOLD");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(unknown.body()).contains("not in this flight");
    HttpResponse<String> empty = post(http, crew.url() + "pay/handshake", "");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("The cart is empty");
    HttpResponse<String> longCode = post(http, crew.url() + "pay/one-scan", "code=AL1" + "A".repeat(5000));
    assertThat(longCode.statusCode()).isEqualTo(400);
    assertThat(longCode.body()).contains("Nothing was scanned yet");
    HttpResponse<String> garbage = post(http, wallet.url() + "pay", "code=AL1notacode");
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("data-reason=\"UNREADABLE\"");
    HttpResponse<String> huge = post(http, wallet.url() + "pay", "code=" + "A".repeat(100_000));
    assertThat(huge.statusCode()).isEqualTo(413);
    HttpResponse<String> refund = post(http, crew.url() + "refund", "payment=nonsense");
    assertThat(refund.statusCode()).isEqualTo(400);
    assertThat(refund.body()).contains("Type a payment id");
    open(galley, crew, "status", "en");
    assertThat(galley.driver().findElement(By.id("pending-count")).getText()).isEqualTo("No payments");
  }

  @Test
  @Order(10)
  void theCommand_printsItsAddressOnLoopback_servesUntilStopped_andLetsTheFolderGo() throws Exception {
    crew.close();
    java.io.PrintStream out = System.out;
    java.io.PipedInputStream printed = new java.io.PipedInputStream(64 * 1024);
    java.util.concurrent.atomic.AtomicInteger exit = new java.util.concurrent.atomic.AtomicInteger(-1);
    Thread command = new Thread(() -> exit.set(io.aloft.cli.Aloft.run("terminal", "--dir", devices.file("galley"),
        "app")));
    String url;
    try (java.io.BufferedReader lines = new java.io.BufferedReader(new java.io.InputStreamReader(printed,
        java.nio.charset.StandardCharsets.UTF_8))) {
      System.setOut(new java.io.PrintStream(new java.io.PipedOutputStream(printed), true,
          java.nio.charset.StandardCharsets.UTF_8));
      command.start();
      String first = lines.readLine();
      assertThat(first).startsWith("crew app for terminal 1 at http://127.0.0.1:");
      url = first.substring(first.indexOf("http://"));
      assertThat(url).matches("http://127\\.0\\.0\\.1:\\d+/app/[0-9a-f]{32}/");
      assertThat(status(HttpClient.newHttpClient(), url + "sell")).isEqualTo(200);
      command.interrupt();
      command.join(10_000);
    } finally {
      System.setOut(out);
    }
    assertThat(exit.get()).isZero();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> status(HttpClient.newHttpClient(), url + "sell")))
        .as("nothing listens once stopped").isInstanceOf(java.io.IOException.class);
    // The folder is free again: another command opens it.
    AppDevices.ok("terminal", "--dir", devices.file("galley"), "status");
  }

  private static HttpResponse<String> post(HttpClient http, String url, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
        "application/x-www-form-urlencoded").header("Accept-Language", "en")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static Integer status(HttpClient http, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
