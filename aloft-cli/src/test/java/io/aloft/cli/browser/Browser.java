package io.aloft.cli.browser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}, which
 * {@code .ci/run} installs) driven through Selenium, with what every page test checks: browser
 * console errors, axe-core accessibility violations, and a screenshot under
 * {@code target/screenshots/} for a person to look at. A {@link Builder} gives it a fake camera
 * that plays a {@link FakeCamera} video, for the pages that scan QR codes.
 */
public final class Browser implements AutoCloseable {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** A fresh browser with an empty profile, its window {@code width} × {@code height} CSS pixels. */
  public static Browser start(int width, int height) {
    return builder(width, height).start();
  }

  /** A browser to set up before it starts: its camera, for the apps' scanning pages. */
  public static Builder builder(int width, int height) {
    return new Builder(width, height);
  }

  /**
   * How the browser to start sees a camera. By default it has none of its own: pages asking for
   * one are answered as the machine's devices and the headless permission rules decide.
   */
  public static final class Builder {
    private final int width;
    private final int height;
    private Path fakeVideo;
    private boolean cameraBlocked;
    private String hostOnLoopback;

    private Builder(int width, int height) {
      this.width = width;
      this.height = height;
    }

    /**
     * A camera that plays {@code video} (a Y4M file, see {@link FakeCamera}), granted to every
     * page without a prompt. Chromium opens the file whenever a page starts capturing.
     */
    public Builder fakeCamera(Path video) {
      this.fakeVideo = video.toAbsolutePath();
      return this;
    }

    /** The camera refused to every page, as when a person answers "Block": {@code getUserMedia} fails. */
    public Builder cameraBlocked() {
      this.cameraBlocked = true;
      return this;
    }

    /**
     * {@code host} resolves to 127.0.0.1. A page opened as {@code http://host:port/} is then not a
     * secure context, as an app reached over plain HTTP from another machine is not: it has no
     * {@code navigator.mediaDevices}, so no camera.
     */
    public Builder hostOnLoopback(String host) {
      this.hostOnLoopback = host;
      return this;
    }

    public Browser start() {
      if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
        throw new IllegalStateException("the browser tests need Debian's chromium and chromium-driver"
            + " (apt-get install chromium chromium-driver; .ci/run installs them)");
      }
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
          "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
          "--disable-sync", "--window-size=" + width + "," + height, "--lang=en-GB");
      if (fakeVideo != null) {
        if (!Files.isRegularFile(fakeVideo)) {
          throw new IllegalArgumentException("no fake camera video at " + fakeVideo);
        }
        options.addArguments("--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            "--use-file-for-fake-video-capture=" + fakeVideo);
      }
      if (hostOnLoopback != null) {
        options.addArguments("--host-resolver-rules=MAP " + hostOnLoopback + " 127.0.0.1");
      }
      if (cameraBlocked) {
        // A fake device, so that the refusal is the permission's and not the lack of a camera.
        options.addArguments("--use-fake-device-for-media-stream");
        // 2 = block, the value Chromium stores when a person blocks the camera for every site.
        options.setExperimentalOption("prefs", Map.of("profile.default_content_setting_values.media_stream_camera", 2));
      }
      options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
          .usingAnyFreePort().build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
      return new Browser(driver);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  public void open(String url) {
    driver.get(url);
  }

  /** Messages the page logged at error level since the last call (failed loads, CSP violations, script errors). */
  public List<String> consoleErrors() {
    List<String> errors = new ArrayList<>();
    for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
      if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
        errors.add(entry.getMessage());
      }
    }
    return errors;
  }

  /** axe-core's serious and critical violations on the current page, as "rule: target" lines. */
  public List<String> seriousAccessibilityViolations() {
    JavascriptExecutor js = driver;
    js.executeScript(axeSource());
    Object result = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations)))"
        + ".catch(e => done('error: ' + e));");
    String text = String.valueOf(result);
    if (text.startsWith("error: ")) {
      throw new AssertionError("axe-core failed on " + driver.getCurrentUrl() + ": " + text);
    }
    List<String> serious = new ArrayList<>();
    try {
      for (JsonNode violation : JSON.readTree(text)) {
        String impact = violation.path("impact").asText();
        if (impact.equals("serious") || impact.equals("critical")) {
          for (JsonNode node : violation.path("nodes")) {
            serious.add(violation.path("id").asText() + " (" + impact + "): " + node.path("target") + " "
                + violation.path("help").asText());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return serious;
  }

  /** Saves what the browser shows as {@code target/screenshots/<name>.png} and returns the path. */
  public Path screenshot(String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
      Path file = SCREENSHOTS.resolve(name + ".png");
      Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
          StandardCopyOption.REPLACE_EXISTING);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What {@code element} shows on screen, as a picture (for a fake camera to show another
   * browser). It is scrolled to the middle of the window first: Chromium crops an element's
   * screenshot to the window.
   */
  public BufferedImage picture(WebElement element) {
    driver.executeScript("arguments[0].scrollIntoView({block: 'center', inline: 'center'});", element);
    try {
      BufferedImage picture = ImageIO.read(new ByteArrayInputStream(element.getScreenshotAs(OutputType.BYTES)));
      if (picture == null) {
        throw new IllegalStateException("the screenshot of " + element + " is not a PNG");
      }
      return picture;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String axeSource() {
    try (InputStream in = Browser.class.getResourceAsStream("/axe/axe.min.js")) {
      if (in == null) {
        throw new IllegalStateException("axe/axe.min.js missing from the test resources");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits up to {@code timeout} for the page that holds {@code element} to be replaced (a form sent,
   * a link followed). Chromedriver may answer a question about an element whose document is going
   * away with an inspector error of its own ("Node with given id does not belong to the
   * document"), which only means it is going, so such errors are waited through.
   */
  public void awaitGone(WebElement element, Duration timeout) {
    new org.openqa.selenium.support.ui.WebDriverWait(driver, timeout)
        .ignoring(org.openqa.selenium.WebDriverException.class)
        .until(org.openqa.selenium.support.ui.ExpectedConditions.stalenessOf(element));
  }

  @Override
  public void close() {
    driver.quit();
  }
}
