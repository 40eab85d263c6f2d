package io.aloft.cli.app;

import io.aloft.cli.qr.QrImages;
import io.aloft.protocol.money.Money;
import io.aloft.server.console.Formats;
import io.aloft.server.console.Language;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * What every app template gets besides its own model: the language, the app's links (all under
 * the secret), which screen is current, and the formatting helpers. Templates never format money,
 * time or QR codes themselves.
 *
 * @param app {@code "crew"} or {@code "wallet"}: which navigation the layout shows
 * @param section the current screen, for {@code aria-current} in the navigation
 */
public record AppPage(Language language, String base, String path, String app, String title, String section) {

  /** A request's language and links, before the screen picks its title. */
  public record Frame(Language language, String base, String path) {
    public AppPage page(String app, String titleKey, String section) {
      return new AppPage(language, base, path, app, AppText.text(language, titleKey), section);
    }

    AppPage page(String titleKey, String section) {
      return page("", titleKey, section);
    }

    public String text(String key, Object... arguments) {
      return AppText.text(language, key, arguments);
    }
  }

  public String t(String key, Object... arguments) {
    return AppText.text(language, key, arguments);
  }

  public String htmlLang() {
    return language == Language.CHINESE ? "zh-Hans" : "en";
  }

  /** A link inside the app: {@code /app/<secret>/<relative>}. */
  public String url(String relative) {
    return base + relative;
  }

  /** {@code "page"} for the navigation link of the current screen, else null (no attribute). */
  public String current(String name) {
    return section.equals(name) ? "page" : null;
  }

  public String languageUrl(Language other) {
    return path + "?lang=" + other.tag();
  }

  public Language[] languages() {
    return Language.values();
  }

  public String money(Money money) {
    return Formats.money(money.amountMinor(), money.currency().code(), language);
  }

  public String time(Instant instant) {
    return Formats.time(instant, language);
  }

  public String count(long count) {
    return Formats.count(count, language);
  }

  public String shortId(String id) {
    return Formats.shortId(id);
  }

  /** The words for a code from a fixed set (a refusal reason, a bill state), or the code itself. */
  public String label(String prefix, String code) {
    return AppText.has(language, prefix + "." + code) ? AppText.text(language, prefix + "." + code) : code;
  }

  /** Whether the camera scanner's script is in the jar (else the pages offer the code field and file picker only). */
  public boolean camera() {
    return AppServer.hasStatic("scan.js");
  }

  /** The scripts the camera scanner needs, in load order, as far as the jar carries them. */
  public List<String> cameraScripts() {
    return SCANNER_SCRIPTS.stream().filter(AppServer::hasStatic).toList();
  }

  private static final List<String> SCANNER_SCRIPTS = List.of("vendor/jsqr/jsQR.js", "scan.js");

  /**
   * A QR code as a {@code data:} PNG, with ZXing's quiet zone of four modules: what the other
   * device's camera reads off this screen.
   */
  public String qr(String text) {
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      MatrixToImageWriter.writeToStream(QrImages.scaled(text), "PNG", out);
      return "data:image/png;base64," + Base64.getEncoder().encodeToString(out.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
