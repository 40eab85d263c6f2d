package io.aloft.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.cli.browser.Browser;
import io.aloft.protocol.money.CurrencyUnit;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * A browser on the console of the server at {@code base}: logging in, the page's text, the
 * session's own HTTP requests (a CSV download, a form posted as a browser would or as a forger
 * would), the checks every page passes, and amounts written as the pages write them.
 */
final class ConsoleSession implements AutoCloseable {
  private static final Duration PAGE_LOAD = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final Browser browser;
  private final String base;

  ConsoleSession(String base, int width, int height) {
    this.base = base;
    this.browser = Browser.start(width, height);
  }

  ChromeDriver driver() {
    return browser.driver();
  }

  /** Opens {@code path} on the server, e.g. {@code /console/cases?lang=en}. */
  void open(String path) {
    browser.open(base + path);
  }

  /** Logs in with a key and waits for the answer: the overview for a good key, the login page again for a bad one. */
  void logIn(String key) {
    open("/console/login");
    WebElement form = driver().findElement(By.id("key-login"));
    driver().findElement(By.id("key")).sendKeys(key);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    browser.awaitGone(form, PAGE_LOAD);
  }

  /** Clicks and waits for the next page. */
  void clickAndWait(WebElement element) {
    WebElement html = driver().findElement(By.tagName("html"));
    element.click();
    browser.awaitGone(html, PAGE_LOAD);
  }

  String text() {
    return driver().findElement(By.tagName("body")).getText();
  }

  Cookie sessionCookie() {
    Cookie cookie = driver().manage().getCookieNamed("aloft_console");
    assertThat(cookie).as("session cookie").isNotNull();
    return cookie;
  }

  /** A GET with this session's cookie and nothing else of the browser's. */
  HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookieHeader()).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A form post with this session's cookie and exactly {@code fields}, as a browser (or a forger) would send it. */
  HttpResponse<String> postForm(String path, Map<String, String> fields) throws Exception {
    String body = fields.entrySet().stream().map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8)
        + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookieHeader())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * What every console page passes: no untranslated message key, the page's language declared,
   * Chinese text on a Chinese page, no browser console error, no serious axe-core violation. The
   * screenshot is saved as {@code target/screenshots/console-NAME-LANGUAGE.png}.
   */
  void checkPage(String name, String language) {
    assertThat(driver().getPageSource()).as("no untranslated key").doesNotContain("⟦");
    assertThat(driver().findElement(By.tagName("html")).getAttribute("lang"))
        .isEqualTo(language.equals("zh") ? "zh-Hans" : "en");
    if (language.equals("zh")) {
      assertThat(text()).containsPattern("[\\u4e00-\\u9fff]");
    }
    browser.screenshot("console-" + name + "-" + language);
    assertThat(browser.consoleErrors()).as("browser console errors").isEmpty();
    assertThat(browser.seriousAccessibilityViolations()).as("serious accessibility violations").isEmpty();
  }

  /** An amount as the English pages show it: the code, then grouped digits, e.g. {@code EUR 1,234.50}. */
  static String shown(long minor, String currency) {
    int exponent = CurrencyUnit.of(currency).exponent();
    NumberFormat format = NumberFormat.getNumberInstance(Locale.UK);
    format.setMinimumFractionDigits(exponent);
    format.setMaximumFractionDigits(exponent);
    return currency + " " + format.format(BigDecimal.valueOf(minor, exponent));
  }

  /** An amount as CSV files and amount fields write it: plain and exact, e.g. {@code 1234.50}. */
  static String plain(long minor, String currency) {
    return BigDecimal.valueOf(minor, CurrencyUnit.of(currency).exponent()).toPlainString();
  }

  private String cookieHeader() {
    Cookie session = sessionCookie();
    return session.getName() + "=" + session.getValue();
  }

  @Override
  public void close() {
    browser.close();
  }
}
