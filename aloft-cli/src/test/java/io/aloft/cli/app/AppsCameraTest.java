package io.aloft.cli.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.browser.Browser;
import io.aloft.cli.browser.FakeCamera;
import io.aloft.cli.http.ApiClient;
import io.aloft.server.console.Language;
import io.aloft.testkit.TempDirectories;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The crew and passenger apps paying each other camera to camera: two headless Chromium windows
 * at phone size, each with a fake camera ({@link FakeCamera}) that shows a screenshot of the QR
 * code the other window displays. Every scan is the app's own scanner (scan.js and jsQR) reading
 * that video after its "Scan with the camera" button is pressed; nothing types a code. Screenshots
 * go to {@code target/screenshots/camera-*.png}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AppsCameraTest {
  private static AppDevices devices;
  private static AppServer wallet;
  private static AppServer crew;
  private static Path cameras;
  private static FakeCamera phoneCamera;
  private static FakeCamera handheldCamera;
  private static Browser phone;
  private static Browser handheld;
  private static String handshakePayment;
  private static String oneScanCode;

  @BeforeAll
  static void setUp() throws Exception {
    devices = AppDevices.setUp();
    cameras = Files.createTempDirectory("aloft-cameras-");
    phoneCamera = FakeCamera.in(cameras.resolve("phone"));
    handheldCamera = FakeCamera.in(cameras.resolve("handheld"));
    wallet = devices.passengerApp();
    phone = Browser.builder(412, 915).fakeCamera(phoneCamera.file()).start();
    handheld = Browser.builder(412, 915).fakeCamera(handheldCamera.file()).start();
    open(phone, wallet, "enrol", "en");
    type(phone, "flight", "1");
    type(phone, "passphrase", AppDevices.PASSPHRASE);
    submit(phone, "form[action$='/enrol']");
    assertThat(phone.driver().findElement(By.id("enrolled")).getText()).contains("You are signed up");
    devices.syncTerminal();
    crew = devices.crewApp();
  }

  @AfterAll
  static void tearDown() {
    for (Browser browser : new Browser[] {phone, handheld}) {
      if (browser != null) {
        browser.close();
      }
    }
    if (devices != null) {
      devices.close();
    }
    if (cameras != null) {
      io.aloft.testkit.TempDirectories.delete(cameras);
    }
  }

  @Test
  @Order(1)
  void aHandshakePurchase_cameraToCamera_isPaidOnBothScreens() throws Exception {
    open(handheld, crew, "sell?category=drinks", "en");
    add(handheld, "TEA-1");
    add(handheld, "NUTS-1");
    submit(handheld, "form[action$='/pay/handshake']");
    assertThat(handheld.driver().findElement(By.cssSelector(".amount-hero")).getText()).isEqualTo("CNY 23.00");

    open(phone, wallet, "pay", "en");
    WebElement start = phone.driver().findElement(By.cssSelector("#request .scanner button[data-scan-start]"));
    start.click();
    new WebDriverWait(phone.driver(), Duration.ofSeconds(10)).until(driver -> "scanning".equals(
        driver.findElement(By.cssSelector("#request .scanner")).getAttribute("data-scan-state")));
    assertThat(phone.driver().findElements(By.cssSelector("#request video.scanner-video"))).hasSize(1);
    phone.screenshot("camera-phone-scanning-en");
    assertThat(phone.seriousAccessibilityViolations()).isEmpty();
    phone.driver().findElement(By.cssSelector("#request .scanner button[data-scan-stop]")).click();
    assertThat(start.isDisplayed()).isTrue();

    point(phoneCamera, handheld, "request-qr");
    scanWithCamera(phone, "request");
    assertThat(phone.driver().findElement(By.id("merchant")).getText()).isEqualTo("Forward galley");
    assertThat(phone.driver().findElement(By.id("offer-amount")).getText()).isEqualTo("CNY 23.00");
    assertThat(text(phone)).contains("Jasmine tea").contains("Peanuts");
    phone.screenshot("camera-phone-confirm-en");
    type(phone, "passphrase", AppDevices.PASSPHRASE);
    submit(phone, "form[action$='/pay/confirm']");
    assertThat(phone.driver().findElements(By.id("authorization-qr"))).hasSize(1);

    point(handheldCamera, phone, "authorization-qr");
    scanWithCamera(handheld, "authorization");
    assertThat(handheld.driver().findElement(By.id("verdict")).getText()).isEqualTo("PAID");
    assertThat(text(handheld)).contains("CNY 23.00");
    handshakePayment = handheld.driver().findElement(By.cssSelector(".verdict code")).getAttribute("title");
    handheld.screenshot("camera-handheld-paid-en");

    point(phoneCamera, handheld, "receipt-qr");
    scanWithCamera(phone, "receipt");
    assertThat(phone.driver().findElement(By.id("bill-receipt")).getText()).isEqualTo("Kept");
    assertThat(phone.driver().findElement(By.id("bill-state")).getText()).isEqualTo("Pending");
    phone.screenshot("camera-phone-bill-en");
    assertThat(phone.consoleErrors()).isEmpty();
    assertThat(handheld.consoleErrors()).isEmpty();
  }

  @Test
  @Order(2)
  void aOneScanPurchase_cameraToCamera_isPaid() throws Exception {
    open(phone, wallet, "code", "en");
    type(phone, "code-amount", "38.00");
    type(phone, "passphrase", AppDevices.PASSPHRASE);
    submit(phone, "form[action$='/code']");
    WebElement code = phone.driver().findElement(By.id("code-qr"));
    new WebDriverWait(phone.driver(), Duration.ofSeconds(10))
        .until(driver -> (Boolean) phone.driver().executeScript("return arguments[0].complete && arguments[0].naturalWidth > 0;",
            code));
    oneScanCode = AppDevices.decode(code.getAttribute("src"));

    sellNoodles("en");
    point(handheldCamera, phone, "code-qr");
    scanWithCamera(handheld, "one-scan");
    assertThat(handheld.driver().findElement(By.id("verdict")).getText()).as(text(handheld)).isEqualTo("PAID");
    assertThat(text(handheld)).contains("CNY 38.00");
    handheld.screenshot("camera-handheld-one-scan-paid-en");
    assertThat(handheld.consoleErrors()).isEmpty();
    assertThat(phone.consoleErrors()).isEmpty();
  }

  @Test
  @Order(3)
  void theSameOneScanCodeSeenAgain_isRefusedAsReplayed_inBothLanguages() {
    for (Language language : Language.values()) {
      sellNoodles(language.tag());
      scanWithCamera(handheld, "one-scan");
      assertThat(handheld.driver().findElement(By.cssSelector(".reason")).getAttribute("data-reason"))
          .isEqualTo("REPLAYED_COUNTER");
      assertThat(handheld.driver().findElement(By.id("verdict")).getText())
          .isEqualTo(AppText.text(language, "outcome.refused"));
      assertThat(text(handheld)).contains(AppText.text(language, "crew.reason.REPLAYED_COUNTER"));
      handheld.screenshot("camera-handheld-replayed-" + language.tag());
    }
    clearCart();
  }

  @Test
  @Order(4)
  void aTamperedCodeShownToTheCamera_isRefused_inBothLanguages() {
    int at = oneScanCode.length() / 2;
    String tampered = oneScanCode.substring(0, at) + (oneScanCode.charAt(at) == 'A' ? 'B' : 'A')
        + oneScanCode.substring(at + 1);
    handheldCamera.showQr(tampered);
    for (Language language : Language.values()) {
      sellNoodles(language.tag());
      scanWithCamera(handheld, "one-scan");
      String reason = handheld.driver().findElement(By.cssSelector(".reason")).getAttribute("data-reason");
      assertThat(reason).isIn("MALFORMED", "BAD_SIGNATURE");
      assertThat(handheld.driver().findElement(By.id("verdict")).getText())
          .isEqualTo(AppText.text(language, "outcome.refused"));
      assertThat(text(handheld)).contains(AppText.text(language, "crew.reason." + reason));
      handheld.screenshot("camera-handheld-tampered-" + language.tag());
    }
    clearCart();
    assertThat(handheld.consoleErrors()).isEmpty();
  }

  @Test
  @Order(5)
  void afterLanding_bothSync_andTheServerSettledTheHandshakeSaleOnce_withItsItems() throws Exception {
    open(handheld, crew, "upload", "en");
    handheld.driver().findElement(By.id("upload-start")).click();
    new WebDriverWait(handheld.driver(), Duration.ofSeconds(60))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("upload-result")));
    assertThat(handheld.driver().findElement(By.id("upload-result")).getText()).isEqualTo("Upload finished");
    open(phone, wallet, "sync", "en");
    submit(phone, "form[action$='/sync']");
    open(phone, wallet, "bills/" + handshakePayment, "en");
    assertThat(phone.driver().findElement(By.id("bill-state")).getText()).isEqualTo("Settled");

    JsonNode report = new ApiClient(devices.url(), Optional.of(TestDatabases.ADMIN_KEY))
        .get("/v1/flights/1/settlement-report");
    List<JsonNode> sale = new ArrayList<>();
    report.get("payments").forEach(payment -> {
      if (payment.get("paymentId").asText().equals(handshakePayment)) {
        sale.add(payment);
      }
    });
    assertThat(sale).as(report.toPrettyString()).hasSize(1);
    assertThat(sale.get(0).get("outcome").asText()).isEqualTo("SETTLED");
    assertThat(sale.get(0).get("chargedMinor").asLong()).isEqualTo(2300);
    handheld.open(devices.url() + "/console/login");
    type(handheld, "key", TestDatabases.ADMIN_KEY);
    submit(handheld, "form.stack");
    handheld.open(devices.url() + "/console/flights/1?lang=en");
    assertThat(handheld.driver().findElement(By.id("items")).getText()).contains("Jasmine tea").contains("Peanuts");
  }

  // ---- what a person does with the two devices ----

  /**
   * Holds {@code camera} up to the QR code {@code shower} displays in the element {@code id}; what
   * it sees is saved as {@code target/screenshots/camera-sees-<id>.png}.
   */
  private static void point(FakeCamera camera, Browser shower, String id) throws IOException {
    BufferedImage picture = shower.picture(shower.driver().findElement(By.id(id)));
    Files.createDirectories(Path.of("target", "screenshots"));
    ImageIO.write(picture, "png", Path.of("target", "screenshots", "camera-sees-" + id + ".png").toFile());
    camera.show(picture);
  }

  /**
   * Presses the scanner's camera button in form {@code formId} and waits for the page its
   * submission leads to. The camera starts on the press, so it plays what was shown since.
   */
  private static void scanWithCamera(Browser browser, String formId) {
    WebElement form = browser.driver().findElement(By.id(formId));
    form.findElement(By.cssSelector(".scanner button[data-scan-start]")).click();
    try {
      leaves(browser, form, 30);
    } catch (TimeoutException e) {
      browser.screenshot("camera-failed-" + formId);
      throw new AssertionError("the scan of " + formId + " was not sent; the scanner says: "
          + browser.driver().findElement(By.cssSelector("#" + formId + " .scanner [role=status]")).getText(), e);
    }
  }

  private static void open(Browser browser, AppServer app, String screen, String language) {
    browser.open(app.url() + screen + (screen.contains("?") ? "&" : "?") + "lang=" + language);
  }

  private static String text(Browser browser) {
    return browser.driver().findElement(By.tagName("body")).getText();
  }

  private static void submit(Browser browser, String formSelector) {
    WebElement form = browser.driver().findElement(By.cssSelector(formSelector));
    form.findElement(By.cssSelector("button[type=submit]")).click();
    leaves(browser, form, 30);
  }

  /**
   * Waits for the page that holds {@code element} to be replaced. Chromedriver may answer a
   * question about an element whose document is going away with an error of its own, which only
   * means it is going.
   */
  private static void leaves(Browser browser, WebElement element, int seconds) {
    browser.awaitGone(element, Duration.ofSeconds(seconds));
  }

  private static void type(Browser browser, String id, String value) {
    WebElement field = browser.driver().findElement(By.id(id));
    field.clear();
    field.sendKeys(value);
  }

  private static void add(Browser browser, String sku) {
    WebElement button = browser.driver().findElement(By.cssSelector("button[data-sku='" + sku + "']"));
    button.click();
    leaves(browser, button, 10);
  }

  /** A cart of just one beef noodles (CNY 38.00), then the one-scan screen, in {@code language}. */
  private static void sellNoodles(String language) {
    clearCart();
    open(handheld, crew, "sell?category=meals", language);
    add(handheld, "NOODLE-1");
    handheld.driver().findElement(By.id("pay-one-scan")).click();
    new WebDriverWait(handheld.driver(), Duration.ofSeconds(10))
        .until(ExpectedConditions.presenceOfElementLocated(By.id("one-scan")));
  }

  private static void clearCart() {
    open(handheld, crew, "sell", "en");
    if (!handheld.driver().findElements(By.cssSelector("form[action$='/cart/clear']")).isEmpty()) {
      submit(handheld, "form[action$='/cart/clear']");
    }
  }
}
