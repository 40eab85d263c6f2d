package io.aloft.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.aloft.cli.qr.QrImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The apps' scanner ({@code app/static/scan.js} with the vendored jsQR) on a page of its own, in
 * a real headless Chromium whose fake camera shows a QR code written by {@link FakeCamera}: the
 * committed protocol vectors' QR texts arrive in the form exactly, a picture chosen in the file
 * picker does the same without a camera, and each failure is said in the status region. The page
 * is served with the apps' Content-Security-Policy. Screenshots: {@code target/screenshots/scanner-*.png}.
 */
class ScannerBrowserTest {
  private static final Path ROOT = Path.of(System.getProperty("aloft.root", "..")).toAbsolutePath().normalize();
  private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self';"
      + " frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
  private static final List<String> SUBMITTED = new CopyOnWriteArrayList<>();
  /** The picture {@code /static/shown.png} serves: what another app would show. */
  private static volatile byte[] shownPng = new byte[0];
  private static HttpServer server;
  private static String base;

  @TempDir Path dir;

  @BeforeAll
  static void serveTheScannerPage() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/scan", exchange -> send(exchange, "text/html", page(exchange)));
    server.createContext("/static/", ScannerBrowserTest::serveStatic);
    server.createContext("/submitted", ScannerBrowserTest::receive);
    server.createContext("/favicon.ico", exchange -> {
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  @BeforeEach
  void forgetSubmissions() {
    SUBMITTED.clear();
  }

  /** The QR text of a committed protocol vector: what a real terminal or wallet shows. */
  private static String vectorText(String name) throws IOException {
    JsonNode vectors = new ObjectMapper().readTree(ROOT.resolve("docs/vectors/protocol-vectors.json").toFile());
    for (JsonNode vector : vectors.get("vectors")) {
      if (vector.get("name").asText().equals(name)) {
        return vector.get("qrText").asText();
      }
    }
    throw new IllegalArgumentException("no vector " + name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"payment-request-with-items", "handshake-authorization", "one-scan-self-contained",
      "receipt"})
  void theCamera_readsAnAloftCode_andSubmitsItsTextExactly(String vector) throws Exception {
    String text = vectorText(vector);
    FakeCamera camera = FakeCamera.in(dir);
    camera.showQr(text);
    try (Browser browser = Browser.builder(400, 800).fakeCamera(camera.file()).start()) {
      browser.open(base + "/scan");
      waitForSubmission(browser);
      assertThat(SUBMITTED).containsExactly(text);
      assertThat(browser.driver().findElement(By.id("received")).getDomProperty("textContent")).isEqualTo(text);
      browser.screenshot("scanner-submitted-" + vector);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void aBlankView_saysToPointTheCamera_thenTheNextCaptureSeesTheCodeShownSince() throws Exception {
    String text = vectorText("payment-request-with-items");
    FakeCamera camera = FakeCamera.in(dir);
    try (Browser browser = Browser.builder(400, 800).fakeCamera(camera.file()).start()) {
      browser.open(base + "/scan");
      waitForState(browser, "point");
      assertThat(status(browser)).isEqualTo("Point the camera at the code.");
      assertThat(browser.driver().findElements(By.cssSelector(".scanner video"))).hasSize(1);
      browser.screenshot("scanner-pointing");
      Thread.sleep(1000);
      assertThat(SUBMITTED).as("a white card holds no code").isEmpty();
      assertThat(browser.seriousAccessibilityViolations()).isEmpty();

      camera.showQr(text);
      browser.driver().navigate().refresh();
      waitForSubmission(browser);
      assertThat(SUBMITTED).containsExactly(text);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void aCaptureAlreadyRunning_keepsShowingTheFileItOpened() throws Exception {
    FakeCamera camera = FakeCamera.in(dir);
    try (Browser browser = Browser.builder(400, 800).fakeCamera(camera.file()).start()) {
      browser.open(base + "/scan");
      waitForState(browser, "point");
      camera.showQr(vectorText("receipt"));
      Thread.sleep(2000);
      assertThat(SUBMITTED).isEmpty();
      assertThat(state(browser)).isEqualTo("point");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void aScannerWithAStartButton_opensTheCameraOnlyWhenPressed_soItSeesTheCodeShownSinceThePageLoaded()
      throws Exception {
    String text = vectorText("handshake-authorization");
    FakeCamera camera = FakeCamera.in(dir);
    try (Browser browser = Browser.builder(400, 800).fakeCamera(camera.file()).start()) {
      browser.open(base + "/scan?start=button");
      WebElement button = browser.driver().findElement(By.cssSelector("button[data-scan-start]"));
      assertThat(browser.driver().findElements(By.cssSelector(".scanner video"))).isEmpty();
      browser.screenshot("scanner-start-button");
      assertThat(browser.seriousAccessibilityViolations()).isEmpty();

      camera.showQr(text);
      button.click();
      waitForSubmission(browser);
      assertThat(SUBMITTED).containsExactly(text);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void aCodeThatIsNotAloftS_isSaidSo_andNotSubmitted() throws Exception {
    FakeCamera camera = FakeCamera.in(dir);
    camera.showQr("https://example.com/boarding-pass");
    try (Browser browser = Browser.builder(400, 800).fakeCamera(camera.file()).start()) {
      browser.open(base + "/scan");
      waitForState(browser, "wrong-code");
      assertThat(status(browser)).isEqualTo("That is not an Aloft code.");
      browser.screenshot("scanner-wrong-code");
      Thread.sleep(600);
      assertThat(SUBMITTED).isEmpty();
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void withTheCameraBlocked_theStatusSaysSo_inThePagesLanguage_andThePickerStillReadsAPicture() throws Exception {
    String text = vectorText("one-scan-self-contained");
    Path png = dir.resolve("code.png");
    QrImages.writePng(text, png);
    try (Browser browser = Browser.builder(400, 800).cameraBlocked().start()) {
      browser.open(base + "/scan?lang=zh");
      waitForState(browser, "no-camera");
      assertThat(status(browser)).isEqualTo("没有摄像头。请选择一张二维码的图片。");
      assertThat(browser.driver().findElements(By.cssSelector(".scanner video"))).isEmpty();
      browser.screenshot("scanner-no-camera-zh");
      assertThat(browser.seriousAccessibilityViolations()).isEmpty();

      browser.open(base + "/scan");
      waitForState(browser, "no-camera");
      assertThat(status(browser)).isEqualTo("No camera. Choose a picture of the code instead.");
      browser.screenshot("scanner-no-camera-en");
      browser.driver().findElement(By.id("picture")).sendKeys(png.toString());
      waitForSubmission(browser);
      assertThat(SUBMITTED).containsExactly(text);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void aPictureWithoutACode_isSaidSo() throws Exception {
    Path blank = dir.resolve("blank.png");
    java.awt.image.BufferedImage white = new java.awt.image.BufferedImage(200, 100,
        java.awt.image.BufferedImage.TYPE_INT_RGB);
    ImageIO.write(white, "png", blank.toFile());
    Path notAPicture = Files.writeString(dir.resolve("notes.png"), "not a picture");
    try (Browser browser = Browser.builder(400, 800).cameraBlocked().start()) {
      browser.open(base + "/scan");
      waitForState(browser, "no-camera");
      browser.driver().findElement(By.id("picture")).sendKeys(blank.toString());
      waitForState(browser, "not-found");
      assertThat(status(browser)).isEqualTo("No code found in that picture. Try another one.");
      browser.screenshot("scanner-picture-without-code");

      browser.open(base + "/scan");
      waitForState(browser, "no-camera");
      browser.driver().findElement(By.id("picture")).sendKeys(notAPicture.toString());
      waitForState(browser, "not-found");
      assertThat(SUBMITTED).isEmpty();
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void aPictureTakenOfAnotherPage_readsBackThroughTheFakeCamera() throws Exception {
    String text = vectorText("payment-request");
    Path png = dir.resolve("shown.png");
    QrImages.writePng(text, png);
    shownPng = Files.readAllBytes(png);
    FakeCamera camera = FakeCamera.in(dir);
    try (Browser shower = Browser.start(400, 800)) {
      shower.open(base + "/static/shown.png");
      camera.show(shower.picture(shower.driver().findElement(By.tagName("img"))));
    }
    try (Browser scanner = Browser.builder(400, 800).fakeCamera(camera.file()).start()) {
      scanner.open(base + "/scan");
      waitForSubmission(scanner);
      assertThat(SUBMITTED).containsExactly(text);
    }
  }

  private static String state(Browser browser) {
    return browser.driver().findElement(By.cssSelector(".scanner")).getAttribute("data-scan-state");
  }

  private static String status(Browser browser) {
    return browser.driver().findElement(By.cssSelector(".scanner [role=status]")).getText();
  }

  private static void waitForState(Browser browser, String state) {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(10))
        .withMessage(() -> "scanner state " + state + "; status says: " + status(browser))
        .until(driver -> state.equals(state(browser)));
  }

  private static void waitForSubmission(Browser browser) {
    new WebDriverWait(browser.driver(), Duration.ofSeconds(15))
        .withMessage(() -> "a submission; status says: " + status(browser))
        .until(driver -> !driver.findElements(By.id("received")).isEmpty());
  }

  // ---- the test server: the page, the apps' static files, and the form's target ----

  /** The page: {@code ?lang=zh} in Chinese, {@code ?start=button} with a button that starts the camera. */
  private static String page(HttpExchange exchange) {
    String query = String.valueOf(exchange.getRequestURI().getQuery());
    boolean chinese = query.contains("lang=zh");
    String button = query.contains("start=button")
        ? "<button type=\"button\" data-scan-start>" + (chinese ? "扫描二维码" : "Scan the code") + "</button>"
        : "";
    String[] labels = chinese
        ? new String[] {"zh-Hans", "扫描二维码", "正在打开摄像头…", "请将摄像头对准二维码。", "没有摄像头。请选择一张二维码的图片。",
            "已读取二维码，正在发送…", "这张图片里没有二维码。请换一张。", "这不是 Aloft 的二维码。", "或者选择一张二维码的图片"}
        : new String[] {"en", "Scan the code", "Starting the camera…", "Point the camera at the code.",
            "No camera. Choose a picture of the code instead.", "Code read. Sending…",
            "No code found in that picture. Try another one.", "That is not an Aloft code.",
            "Or choose a picture of the code"};
    return """
        <!doctype html>
        <html lang="%s"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s</title><link rel="stylesheet" href="/static/test.css"></head>
        <body><main>
        <h1>%2$s</h1>
        <div class="scanner" data-scan-field="code" data-scan-form="pay" data-scan-prefix="AL1"
          data-label-starting="%s" data-label-point="%s" data-label-no-camera="%s"
          data-label-found="%s" data-label-not-found="%s" data-label-wrong-code="%s">
          <p class="scanner-status" role="status" aria-live="polite"></p>
          %s
          <label for="picture">%s</label>
          <input type="file" id="picture" accept="image/*" capture="environment">
        </div>
        <form id="pay" method="post" action="/submitted"><input type="hidden" id="code" name="code"></form>
        </main>
        <script src="/static/vendor/jsqr/jsQR.js"></script>
        <script src="/static/scan.js"></script>
        </body></html>
        """.formatted(labels[0], labels[1], labels[2], labels[3], labels[4], labels[5], labels[6], labels[7], button,
            labels[8]);
  }

  private static void serveStatic(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath().substring("/static/".length());
    if (path.equals("test.css")) {
      send(exchange, "text/css", "output { overflow-wrap: anywhere; } .scanner button, .scanner label { display: block; margin: .5rem 0; } .scanner video { display: block; width: 100%; max-width: 320px;"
          + " border: 2px solid #333; } body { font: 18px sans-serif; margin: 1rem; }");
    } else if (path.equals("shown.png")) {
      sendBytes(exchange, "image/png", shownPng);
    } else if (path.matches("(scan\\.js|vendor/jsqr/jsQR\\.js)")) {
      try (InputStream in = ScannerBrowserTest.class.getResourceAsStream("/app/static/" + path)) {
        sendBytes(exchange, "text/javascript", in.readAllBytes());
      }
    } else {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    }
  }

  private static void receive(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8);
    String code = "";
    for (String pair : body.split("&")) {
      if (pair.startsWith("code=")) {
        code = URLDecoder.decode(pair.substring("code=".length()), StandardCharsets.UTF_8);
      }
    }
    SUBMITTED.add(code);
    String escaped = code.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    send(exchange, "text/html", "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Received"
        + "</title><link rel=\"stylesheet\" href=\"/static/test.css\"></head><body><main><h1>Received</h1>"
        + "<p><output id=\"received\">" + escaped + "</output></p></main></body></html>");
  }

  private static void send(HttpExchange exchange, String type, String text) throws IOException {
    sendBytes(exchange, type + "; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
  }

  private static void sendBytes(HttpExchange exchange, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
