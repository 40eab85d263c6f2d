package io.aloft.server.console;

import io.aloft.server.http.Principal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * What every console template gets besides its own model: the language, who is signed in, the
 * CSRF token for forms, the request id, and the formatting helpers. Templates never format money
 * or time themselves.
 */
public record Page(Language language, String title, String section, Optional<Principal> principal,
    Optional<String> username, String csrfToken, String requestId, String path) {

  /** This page under another title (a flight's code, an account's name before the page's own title). */
  public Page titled(String newTitle) {
    return new Page(language, newTitle, section, principal, username, csrfToken, requestId, path);
  }

  public String t(String key, Object... arguments) {
    return language.text(key, arguments);
  }

  public String htmlLang() {
    return language == Language.CHINESE ? "zh-Hans" : "en";
  }

  public boolean signedIn() {
    return principal.isPresent();
  }

  public boolean operator() {
    return principal.isPresent() && principal.get() instanceof Principal.Admin;
  }

  /** Who is signed in, in words: "Operator", "Airline 7", or a console user's "alice · Airline 7". */
  public String who() {
    if (principal.isEmpty()) {
      return "";
    }
    if (!(principal.get() instanceof Principal.Merchant merchant)) {
      return t("layout.operator");
    }
    return username.map(name -> t("layout.user", name, merchant.airlineId()))
        .orElseGet(() -> t("layout.airline", merchant.airlineId()));
  }

  /** {@code "page"} for the navigation link of the current section, else null (no attribute). */
  public String current(String name) {
    return section.equals(name) ? "page" : null;
  }

  /** This page in another language. */
  public String languageUrl(Language other) {
    return path + "?lang=" + other.tag();
  }

  public String money(long amountMinor, String currency) {
    return Formats.money(amountMinor, currency, language);
  }

  public String count(long count) {
    return Formats.count(count, language);
  }

  public String time(Instant instant) {
    return Formats.time(instant, language);
  }

  public String time(String isoInstant) {
    return Formats.time(Instant.parse(isoInstant), language);
  }

  public String date(LocalDate date) {
    return Formats.date(date, language);
  }

  public String shortId(String id) {
    return Formats.shortId(id);
  }

  /**
   * The words for a code from a fixed set (a refusal reason, a case kind, a payment kind, an
   * outcome, an audit action): the message {@code prefix.code}, or the code itself for one this
   * version does not know. {@code ConsoleMessagesTest} checks every code of the enums has words.
   */
  public String label(String prefix, String code) {
    String text = language.text(prefix + "." + code);
    return text.startsWith(Language.MISSING_MARK) ? code : text;
  }

  public Language[] languages() {
    return Language.values();
  }
}
