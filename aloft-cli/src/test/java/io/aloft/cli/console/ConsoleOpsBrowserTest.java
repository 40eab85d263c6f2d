package io.aloft.cli.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.TestDatabases;
import io.aloft.cli.browser.Browser;
import io.aloft.cli.http.ApiClient;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console's terminals, ledger and console-user pages in a real headless Chromium, on a server
 * that has flown the demo flight: what they show against the JSON API, revoking a terminal and
 * creating, using and disabling a console user, and every page in both languages without
 * untranslated keys, console errors or serious accessibility violations. Screenshots go to
 * {@code target/screenshots/console-*.png}.
 */
class ConsoleOpsBrowserTest {
  private static final AtomicInteger USERS = new AtomicInteger();
  private static DemoFlightServer flown;
  private static String demoAirlineName;
  private static long otherTerminalId;
  private ConsoleSession console;

  @BeforeAll
  static void flyTheDemoFlight() throws Exception {
    flown = DemoFlightServer.fly(6);
    demoAirlineName = flown.admin.get("/v1/airlines/1").get("name").asText();
    ApiClient otherAirlineApi = flown.otherAirline();
    Instant departure = Instant.now().plus(Duration.ofDays(2));
    otherAirlineApi.post("/v1/airlines/" + flown.otherAirlineId + "/flights", Map.of("flightNumber", "77",
        "flightDate", departure.atZone(ZoneOffset.UTC).toLocalDate().toString(),
        "scheduledDeparture", departure.toString(), "scheduledArrival", departure.plus(Duration.ofHours(2)).toString()));
    SoftwareSigner key = SoftwareSigner.generate(SignatureAlgorithm.ED25519, new SecureRandom());
    otherTerminalId = otherAirlineApi.post("/v1/airlines/" + flown.otherAirlineId + "/terminals", Map.of("publicKey",
        Base64.getEncoder().encodeToString(key.publicKey().encoded().toByteArray()), "displayName", "Galley ZZ"))
        .at("/terminal/id").asLong();
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

  private void logInAsUser(String username, String password) {
    console.open("/console/login");
    WebElement form = console.driver().findElement(By.id("password-login"));
    console.driver().findElement(By.id("username")).sendKeys(username);
    console.driver().findElement(By.id("password")).sendKeys(password);
    form.findElement(By.cssSelector("button[type=submit]")).click();
    console.browser.awaitGone(form, Duration.ofSeconds(10));
  }

  private void submit(String formSelector) {
    WebElement form = console.driver().findElement(By.cssSelector(formSelector));
    form.findElement(By.cssSelector("button[type=submit]")).click();
    console.browser.awaitGone(form, Duration.ofSeconds(10));
  }

  /** The operator (signed in) creates a console user of the demo airline and returns the password shown once. */
  private String createUser(String username) {
    console.open("/console/users");
    new Select(console.driver().findElement(By.id("airline"))).selectByValue("1");
    console.driver().findElement(By.id("username")).sendKeys(username);
    submit("form[action='/console/users']");
    return console.driver().findElement(By.id("created-password")).getText();
  }

  /** How the console writes a key fingerprint: the first 16 bytes of SHA-256 of the key, hex, grouped by four. */
  private static String fingerprint(String publicKeyBase64) throws Exception {
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(publicKeyBase64));
    String hex = HexFormat.of().formatHex(digest, 0, 16);
    List<String> groups = new ArrayList<>();
    for (int i = 0; i < hex.length(); i += 4) {
      groups.add(hex.substring(i, i + 4));
    }
    return String.join(" ", groups);
  }

  @Test
  void theTerminalsPage_listsTheDemoTerminals_withTheApisFingerprints_lastBundleAndUpload() throws Exception {
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/terminals?airline=1&lang=en");
    JsonNode api = flown.admin.get("/v1/airlines/1/terminals").get("data");
    assertThat(api.size()).isEqualTo(2);
    for (JsonNode terminal : api) {
      WebElement row = console.driver().findElement(By.cssSelector("#terminals tr[data-terminal='"
          + terminal.get("id").asText() + "']"));
      assertThat(row.findElement(By.cssSelector("code.fingerprint")).getText())
          .isEqualTo(fingerprint(terminal.get("publicKey").asText()));
      assertThat(row.getText()).contains(terminal.get("displayName").asText());
    }
    assertThat(console.driver().findElements(By.cssSelector("#terminals tbody tr"))).hasSize(2);
    assertThat(console.text()).as("the demo terminals fetched a payment list and uploaded")
        .contains("Version ").doesNotContain("None fetched yet");
    console.browser.screenshot("console-terminals-airline-en");

    console.open("/console/terminals");
    assertThat(console.driver().findElements(By.cssSelector("#terminals tbody tr")))
        .as("the operator sees every airline's").hasSize(3);
  }

  @Test
  void revokingATerminalInTheBrowser_showsRevokedInTheApi_andInTheAuditLog() throws Exception {
    long terminalId = flown.admin.get("/v1/airlines/1/terminals").at("/data/0/id").asLong();
    console.logIn(flown.otherAirlineKey);
    console.open("/console/terminals/" + terminalId + "/revoke");
    assertThat(console.text()).as("another airline cannot even see the confirmation").contains("403");
    assertThat(console.driver().findElements(By.cssSelector("form.actions"))).isEmpty();
    console.open("/console/terminals");
    assertThat(console.driver().findElements(By.cssSelector("#terminals tbody tr")))
        .extracting(row -> row.getAttribute("data-terminal")).containsExactly(Long.toString(otherTerminalId));
    console.browser.screenshot("console-terminals-otherairline-en");
    console.close();

    console = new ConsoleSession(flown.base, 1280, 2000);
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/terminals?airline=1&lang=en");
    console.driver().findElement(By.cssSelector("tr[data-terminal='" + terminalId + "'] a.danger")).click();
    assertThat(console.text()).contains("Revoke terminal").contains("cannot be undone");
    console.browser.screenshot("console-terminal-revoke-confirm-en");
    submit("form.actions");

    assertThat(console.driver().getCurrentUrl()).contains("/console/terminals?revoked=" + terminalId);
    assertThat(console.driver().findElement(By.cssSelector("tr[data-terminal='" + terminalId + "']"))
        .getAttribute("data-state")).isEqualTo("revoked");
    console.browser.screenshot("console-terminals-revoked-en");
    JsonNode revoked = flown.admin.get("/v1/airlines/1/terminals").get("data");
    for (JsonNode terminal : revoked) {
      assertThat(terminal.get("revokedAt").isNull()).as("terminal " + terminal.get("id"))
          .isEqualTo(terminal.get("id").asLong() != terminalId);
    }

    console.open("/console/audit");
    List<WebElement> rows = console.driver().findElements(By.cssSelector("#audit tbody tr[data-action='terminal.revoke']"));
    assertThat(rows).hasSize(1);
    assertThat(rows.get(0).getText()).contains("admin").contains("terminal:" + terminalId).contains("Revoked a terminal");
    assertThat(rows.get(0).findElement(By.tagName("code")).getText()).matches("[0-9a-f]{16}");
  }

  @Test
  void theLedgerPage_showsTheCheckBalanced_andTheApisBalances_andEntriesThatBalance() throws Exception {
    JsonNode check = flown.admin.get("/v1/ledger/check");
    assertThat(check.get("balanced").asBoolean()).isTrue();
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/ledger?lang=en");

    assertThat(console.driver().findElement(By.id("check")).getAttribute("data-balanced")).isEqualTo("true");
    assertThat(console.driver().findElement(By.id("check")).getText()).contains("Balanced");
    assertThat(check.get("totals").size()).isPositive();
    assertThat(console.driver().findElements(By.cssSelector("#balances tbody tr"))).hasSize(check.get("totals").size());
    for (JsonNode total : check.get("totals")) {
      WebElement row = console.driver().findElement(By.cssSelector("#balances tr[data-kind='"
          + total.get("kind").asText() + "'][data-currency='" + total.get("currency").asText() + "']"));
      assertThat(row.findElement(By.cssSelector("td[data-minor]")).getAttribute("data-minor"))
          .isEqualTo(total.get("balanceMinor").asText());
    }
    List<WebElement> entries = console.driver().findElements(By.cssSelector("#entries tbody.entry"));
    assertThat(entries).isNotEmpty().hasSizeLessThanOrEqualTo(25);
    assertThat(entries).allMatch(entry -> entry.getAttribute("data-balanced").equals("true"));
    List<Long> ids = entries.stream().map(entry -> Long.parseLong(entry.getAttribute("data-entry"))).toList();
    assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    List<Long> apiIds = new ArrayList<>();
    flown.admin.get("/v1/ledger/entries").get("data").forEach(entry -> apiIds.add(entry.get("id").asLong()));
    assertThat(ids).as("the API's first page").isEqualTo(apiIds);
    JsonNode newest = flown.admin.get("/v1/ledger/entries?limit=1").at("/data/0");
    List<WebElement> debits = entries.get(0).findElements(By.cssSelector("td.num:nth-last-child(2)"));
    long shownDebits = debits.stream().mapToLong(cell -> Long.parseLong(cell.getAttribute("data-minor"))).sum();
    long apiDebits = 0;
    for (JsonNode posting : newest.get("postings")) {
      apiDebits += Math.max(0, posting.get("amountMinor").asLong());
    }
    assertThat(shownDebits).as("the newest entry's debits").isEqualTo(apiDebits).isPositive();
    console.browser.screenshot("console-ledger-en");

    if (ids.size() == 25) {
      console.driver().findElement(By.cssSelector("a.next")).click();
      long firstOfNext = Long.parseLong(console.driver().findElement(By.cssSelector("#entries tbody.entry"))
          .getAttribute("data-entry"));
      assertThat(firstOfNext).isLessThan(ids.get(24));
    }
    console.open("/console/ledger?entry_kind=payment&account_kind=merchant&owner=1");
    List<WebElement> payments = console.driver().findElements(By.cssSelector("#entries tbody.entry"));
    assertThat(payments).isNotEmpty().allMatch(entry -> entry.getAttribute("data-kind").equals("payment"));
    console.open("/console/ledger?owner=seven");
    assertThat(console.driver().findElement(By.cssSelector(".error-summary")).getText())
        .contains("Enter the owner as a number");
  }

  @Test
  void anAirline_cannotOpenTheLedgerOrConsoleUsers() {
    console.logIn(flown.otherAirlineKey);
    console.open("/console/ledger");
    assertThat(console.text()).contains("403").contains("Only the operator");
    console.open("/console/users");
    assertThat(console.text()).contains("403");
    assertThat(console.driver().findElements(By.cssSelector("a[href='/console/ledger']"))).isEmpty();
  }

  @Test
  void theOperatorCreatesAConsoleUser_whoSignsInWithItsPassword_seesOnlyItsAirline_andIsDisabled() {
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/flights");
    assertThat(console.text()).as("the operator sees the other airline's flight").contains("ZZ77");
    String password = createUser("crew.lead");
    assertThat(password).hasSize(20);
    assertThat(console.text()).contains("shown only this once");
    console.browser.screenshot("console-user-created-en");
    console.driver().findElement(By.cssSelector("form[action='/console/logout'] button")).click();
    new WebDriverWait(console.driver(), Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(flown.base + "/console/login"));

    logInAsUser("crew.lead", password + "x");
    assertThat(console.driver().findElement(By.cssSelector(".error-summary")).getText())
        .contains("do not match an active console user");
    console.browser.screenshot("console-login-password-refused-en");
    logInAsUser("Crew.Lead", password);
    assertThat(console.driver().getCurrentUrl()).isEqualTo(flown.base + "/console");
    assertThat(console.text()).contains("Airline 1");
    console.open("/console/flights");
    List<WebElement> flights = console.driver().findElements(By.cssSelector("main tbody tr"));
    assertThat(flights).isNotEmpty();
    assertThat(flights).allMatch(row -> row.findElements(By.tagName("td")).get(1).getText().equals(demoAirlineName));
    assertThat(console.text()).doesNotContain("ZZ77");
    console.open("/console/terminals");
    assertThat(console.driver().findElements(By.cssSelector("#terminals tbody tr"))).hasSize(2)
        .noneMatch(row -> row.getAttribute("data-terminal").equals(Long.toString(otherTerminalId)));
    console.open("/console/audit");
    assertThat(console.driver().findElements(By.cssSelector("#audit tbody tr[data-action='console.login']")))
        .anyMatch(row -> row.getText().contains("airline:1/user:crew.lead"));
    console.open("/console/users");
    assertThat(console.text()).contains("403");

    ConsoleSession user = console;
    console = new ConsoleSession(flown.base, 1280, 2000);
    console.logIn(TestDatabases.ADMIN_KEY);
    console.open("/console/users");
    console.driver().findElement(By.cssSelector("tr[data-user='crew.lead'] a.danger")).click();
    console.browser.screenshot("console-user-disable-confirm-en");
    submit("form.actions");
    assertThat(console.driver().findElement(By.cssSelector("tr[data-user='crew.lead']")).getAttribute("data-state"))
        .isEqualTo("disabled");
    console.open("/console/audit");
    assertThat(console.driver().findElements(By.cssSelector("#audit tbody tr")).stream()
        .map(row -> row.getAttribute("data-action")).toList())
        .contains("console-user.create", "console-user.disable");
    console.close();
    console = user;

    console.open("/console/flights");
    assertThat(console.driver().getCurrentUrl()).as("the disabled user's session ended")
        .isEqualTo(flown.base + "/console/login");
    logInAsUser("crew.lead", password);
    assertThat(console.driver().findElement(By.cssSelector(".error-summary")).getText())
        .contains("do not match an active console user");
  }

  @Test
  void aConsoleUser_changesItsPassword_theHeaderNamesIt_andItsOtherSessionEnds() {
    console.logIn(TestDatabases.ADMIN_KEY);
    String first = createUser("pw.user");
    console.close();
    console = new ConsoleSession(flown.base, 1280, 2000);
    logInAsUser("pw.user", first);
    ConsoleSession here = console;
    console = new ConsoleSession(flown.base, 1280, 2000);
    logInAsUser("pw.user", first);
    ConsoleSession elsewhere = console;
    console = here;

    WebElement who = console.driver().findElement(By.cssSelector("header a.who"));
    assertThat(who.getText()).isEqualTo("pw.user · Airline 1");
    console.clickAndWait(who);
    assertThat(console.driver().getCurrentUrl()).isEqualTo(flown.base + "/console/password");

    changePassword("not the password", "a brand new password", "a brand new password");
    assertThat(console.driver().findElement(By.cssSelector(".error-summary")).getText())
        .contains("The current password is not right.");
    changePassword(first, "a brand new password", "a brand new passw0rd");
    assertThat(console.driver().findElement(By.cssSelector(".error-summary")).getText())
        .contains("The two new passwords are not the same.");
    console.browser.screenshot("console-password-refused-en");
    changePassword(first, "too short", "too short");
    assertThat(console.driver().findElement(By.cssSelector("#new-error")).getText()).contains("12 to 128");
    changePassword(first, "a brand new password", "a brand new password");
    assertThat(console.driver().findElement(By.id("password-changed")).getText()).contains("password is changed");
    console.browser.screenshot("console-password-changed-en");
    console.open("/console/flights");
    assertThat(console.driver().getCurrentUrl()).as("this session goes on").isEqualTo(flown.base + "/console/flights");

    elsewhere.open("/console/flights");
    assertThat(elsewhere.driver().getCurrentUrl()).as("the other session ended")
        .isEqualTo(flown.base + "/console/login");
    elsewhere.close();

    console.close();
    console = new ConsoleSession(flown.base, 1280, 2000);
    logInAsUser("pw.user", first);
    assertThat(console.driver().findElement(By.cssSelector(".error-summary")).getText())
        .contains("do not match an active console user");
    logInAsUser("pw.user", "a brand new password");
    assertThat(console.driver().getCurrentUrl()).isEqualTo(flown.base + "/console");
    console.open("/console/audit");
    assertThat(console.driver().findElements(By.cssSelector("#audit tbody tr[data-action='console-user.password']")))
        .anyMatch(row -> row.getText().contains("airline:1/user:pw.user"));

    console.close();
    console = new ConsoleSession(flown.base, 1280, 2000);
    console.logIn(flown.otherAirlineKey);
    console.open("/console/password");
    assertThat(console.text()).as("a key's session has no password").contains("404")
        .contains("Only console users have a password");
  }

  private void changePassword(String current, String next, String again) {
    console.driver().findElement(By.id("current")).sendKeys(current);
    console.driver().findElement(By.id("new")).sendKeys(next);
    console.driver().findElement(By.id("again")).sendKeys(again);
    // The browser's own minlength check would stop a short password before the server sees it.
    ((org.openqa.selenium.JavascriptExecutor) console.driver()).executeScript(
        "document.getElementById('password-form').noValidate = true");
    console.clickAndWait(console.driver().findElement(By.cssSelector("#password-form button[type=submit]")));
  }

  @ParameterizedTest(name = "{0} in {1}")
  @CsvSource({
      "terminals, en", "terminals, zh", "terminal-revoke, en", "terminal-revoke, zh", "ledger, en", "ledger, zh",
      "users, en", "users, zh", "user-created, en", "user-created, zh", "user-disable, en", "user-disable, zh",
      "login, en", "login, zh", "password, en", "password, zh"})
  void everyPage_inBothLanguages_isTranslatedWithoutErrorsOrSeriousAccessibilityViolations(String page,
      String language) {
    if (!page.equals("login")) {
      console.logIn(TestDatabases.ADMIN_KEY);
    }
    if (page.equals("password")) {
      String username = "page.password." + language + "." + USERS.incrementAndGet();
      String password = createUser(username);
      console.close();
      console = new ConsoleSession(flown.base, 1280, 2000);
      logInAsUser(username, password);
    }
    if (page.startsWith("user-")) {
      console.open("/console/users?lang=" + language);
      createUser("page." + page + "." + language + "." + USERS.incrementAndGet());
    }
    if (page.equals("user-disable")) {
      console.open("/console/users");
      console.driver().findElement(By.cssSelector("tr[data-state='active'] a.danger")).click();
    }
    String path = switch (page) {
      case "terminals" -> "/console/terminals";
      case "terminal-revoke" -> "/console/terminals/" + otherTerminalId + "/revoke";
      case "ledger" -> "/console/ledger";
      case "users" -> "/console/users";
      case "login" -> "/console/login";
      case "password" -> "/console/password";
      default -> null;
    };
    if (path != null) {
      console.open(path + "?lang=" + language);
    }
    console.checkPage(page, language);
  }
}
