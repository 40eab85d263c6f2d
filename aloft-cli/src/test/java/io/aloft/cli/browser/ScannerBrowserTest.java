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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      waitForState(browser, "scanning");
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
      waitForState(browser, "scanning");
      camera.showQr(vectorText("receipt"));
      Thread.sleep(2000);
      assertThat(SUBMITTED).isEmpty();
      assertThat(state(browser)).isEqualTo("scanning");
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void aScannerWithAStartButton_opensTheCameraOnlyWhenPressed_soItSeesTheCodeShownSinceThePageLoaded()
      throws Exception {
    String text = vectorText("handshake-authorization");
    FakeCamera camera = FakeCamera.in(dir);
    try (Browser browser = Browser.builder(400, 800).fakeCamera(camera.file()).start()) {
      browser.open(base + "/scan?controls=scanner");
      WebElement start = browser.driver().findElement(By.cssSelector(".scanner button[data-scan-start]"));
      WebElement stop = browser.driver().findElement(By.cssSelector(".scanner button[data-scan-stop]"));
      assertThat(start.getText()).isEqualTo("Scan with the camera");
      assertThat(stop.isDisplayed()).isFalse();
      assertThat(browser.driver().findElements(By.cssSelector(".scanner video"))).isEmpty();
      browser.screenshot("scanner-start-button");
      assertThat(browser.seriousAccessibilityViolations()).isEmpty();

      start.click();
      waitForState(browser, "scanning");
      assertThat(start.isDisplayed()).isFalse();
      browser.screenshot("scanner-stop-button");
      stop.click();
      waitForState(browser, "stopped");
      assertThat(browser.driver().findElements(By.cssSelector(".scanner video"))).isEmpty();
      assertThat(start.isDisplayed()).isTrue();

      camera.showQr(text);
      start.click();
      waitForSubmission(browser);
      assertThat(SUBMITTED).containsExactly(text);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void aScannerThatAddsItsOwnPicker_readsAPicture_withTheCameraBlocked() throws Exception {
    String text = vectorText("payment-request-with-items");
    Path png = dir.resolve("code.png");
    QrImages.writePng(text, png);
    try (Browser browser = Browser.builder(400, 800).cameraBlocked().start()) {
      browser.open(base + "/scan?controls=scanner&lang=zh");
      browser.driver().findElement(By.cssSelector(".scanner button[data-scan-start]")).click();
      waitForState(browser, "denied");
      assertThat(status(browser)).isEqualTo("摄像头未获允许。请选择一张二维码的图片。");
      assertThat(browser.driver().findElement(By.cssSelector(".scanner label")).getText())
          .isEqualTo("或者选择一张二维码的图片");
      browser.screenshot("scanner-denied-zh");
      assertThat(browser.seriousAccessibilityViolations()).isEmpty();
      browser.driver().findElement(By.cssSelector(".scanner input[type=file]")).sendKeys(png.toString());
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
  void withTheCameraBlocked_theStatusSaysSo_andThePickerStillReadsAPicture() throws Exception {
    String text = vectorText("one-scan-self-contained");
    Path png = dir.resolve("code.png");
    QrImages.writePng(text, png);
    try (Browser browser = Browser.builder(400, 800).cameraBlocked().start()) {
      browser.open(base + "/scan");
      waitForState(browser, "denied");
      assertThat(status(browser)).isEqualTo("The camera is not allowed. Choose a picture of the code instead.");
      assertThat(browser.driver().findElements(By.cssSelector(".scanner video"))).isEmpty();
      browser.screenshot("scanner-denied-en");
      browser.driver().findElement(By.id("picture")).sendKeys(png.toString());
      waitForSubmission(browser);
      assertThat(SUBMITTED).containsExactly(text);
      assertThat(browser.consoleErrors()).isEmpty();
    }
  }

  @Test
  void aPageOverPlainHttpFromAnotherHost_hasNoCamera_andSaysSoInItsLanguage() {
    try (Browser browser = Browser.builder(400, 800).hostOnLoopback("galley.test").start()) {
      browser.open(base.replace("127.0.0.1", "galley.test") + "/scan?lang=zh");
      waitForState(browser, "no-camera");
      assertThat(status(browser)).isEqualTo("没有摄像头。请选择一张二维码的图片。");
      browser.screenshot("scanner-no-camera-zh");
      assertThat(browser.seriousAccessibilityViolations()).isEmpty();
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
      waitForState(browser, "denied");
      browser.driver().findElement(By.id("picture")).sendKeys(blank.toString());
      waitForState(browser, "unreadable");
      assertThat(status(browser)).isEqualTo("No code found in that picture. Try another one.");
      browser.screenshot("scanner-picture-without-code");

      browser.open(base + "/scan");
      waitForState(browser, "denied");
      browser.driver().findElement(By.id("picture")).sendKeys(notAPicture.toString());
      waitForState(browser, "unreadable");
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

  private static final Map<String, String> ENGLISH = labels("Scan the code",
      "start", "Scan with the camera", "stop", "Stop the camera", "file", "Or choose a picture of the code",
      "starting", "Starting the camera…", "scanning", "Point the camera at the code.", "found", "Code read.",
      "denied", "The camera is not allowed. Choose a picture of the code instead.",
      "no-camera", "No camera. Choose a picture of the code instead.",
      "unreadable", "No code found in that picture. Try another one.", "wrong-code", "That is not an Aloft code.");
  private static final Map<String, String> CHINESE = labels("扫描二维码",
      "start", "用摄像头扫描", "stop", "关闭摄像头", "file", "或者选择一张二维码的图片",
      "starting", "正在打开摄像头…", "scanning", "请将摄像头对准二维码。", "found", "已读取二维码。",
      "denied", "摄像头未获允许。请选择一张二维码的图片。", "no-camera", "没有摄像头。请选择一张二维码的图片。",
      "unreadable", "这张图片里没有二维码。请换一张。", "wrong-code", "这不是 Aloft 的二维码。");

  private static Map<String, String> labels(String title, String... pairs) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("title", title);
    for (int i = 0; i < pairs.length; i += 2) {
      labels.put(pairs[i], pairs[i + 1]);
    }
    return labels;
  }

  /**
   * The scanning page, in Chinese with {@code ?lang=zh}. By default the page brings its own status
   * and picker, the field is a hidden input of a form of its own, and the camera starts with the
   * page. With {@code ?controls=scanner} it is marked up as the apps' pages are: the scanner, inside
   * the form, adds its start and stop buttons and its picker from their labels, and the field is a
   * text area where a person can paste the code.
   */
  private static String page(HttpExchange exchange) {
    String query = String.valueOf(exchange.getRequestURI().getQuery());
    Map<String, String> words = query.contains("lang=zh") ? CHINESE : ENGLISH;
    boolean controlsByScanner = query.contains("controls=scanner");
    StringBuilder attributes = new StringBuilder();
    words.forEach((state, text) -> {
      boolean control = state.equals("start") || state.equals("stop") || state.equals("file");
      if (!state.equals("title") && (controlsByScanner || !control)) {
        attributes.append(" data-label-").append(state).append("=\"").append(text).append('"');
      }
    });
    String scanner = controlsByScanner
        ? """
          <form id="pay" method="post" action="/submitted">
            <div class="scanner" data-scan-field="code" data-scan-form="pay" data-scan-prefix="AL1"%s></div>
            <label for="code">The code</label>
            <textarea id="code" name="code" rows="2"></textarea>
            <button type="submit">Send</button>
          </form>
          """.formatted(attributes)
        : """
          <div class="scanner" data-scan-field="code" data-scan-form="pay" data-scan-prefix="AL1"%s>
            <p class="scanner-status" role="status" aria-live="polite"></p>
            <label for="picture">%s</label>
            <input type="file" id="picture" accept="image/*" capture="environment">
          </div>
          <form id="pay" method="post" action="/submitted"><input type="hidden" id="code" name="code"></form>
          """.formatted(attributes, words.get("file"));
    return """
        <!doctype html>
        <html lang="%s"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s</title><link rel="stylesheet" href="/static/test.css"></head>
        <body><main>
        <h1>%2$s</h1>
        %s
        </main>
        <script src="/static/vendor/jsqr/jsQR.js"></script>
        <script src="/static/scan.js"></script>
        </body></html>
        """.formatted(words == CHINESE ? "zh-Hans" : "en", words.get("title"), scanner);
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
