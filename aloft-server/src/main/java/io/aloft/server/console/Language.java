package io.aloft.server.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The console's languages: English and Simplified Chinese, each a message bundle in
 * {@code console/messages_<tag>.properties} (UTF-8). Every text a page shows comes from here; a
 * key missing in a bundle shows as {@code ⟦key⟧}, which the browser tests look for.
 */
public enum Language {
  ENGLISH("en", Locale.UK),
  CHINESE("zh", Locale.SIMPLIFIED_CHINESE);

  public static final String MISSING_MARK = "⟦";

  private final String tag;
  private final Locale locale;
  private final Map<String, String> messages;

  Language(String tag, Locale locale) {
    this.tag = tag;
    this.locale = locale;
    this.messages = load("/console/messages_" + tag + ".properties");
  }

  public String tag() {
    return tag;
  }

  public Locale locale() {
    return locale;
  }

  /** The message for {@code key} with {@code arguments} put in ({@link MessageFormat} patterns). */
  public String text(String key, Object... arguments) {
    String pattern = messages.get(key);
    if (pattern == null) {
      return MISSING_MARK + key + "⟧";
    }
    return arguments.length == 0 ? pattern : new MessageFormat(pattern, locale).format(arguments);
  }

  /** Every key of this language's bundle, for the test that both bundles have the same keys. */
  public Set<String> keys() {
    return Collections.unmodifiableSet(messages.keySet());
  }

  public static Optional<Language> ofTag(String tag) {
    for (Language language : values()) {
      if (language.tag.equals(tag)) {
        return Optional.of(language);
      }
    }
    return Optional.empty();
  }

  /**
   * The best language for an {@code Accept-Language} header: the first range that names Chinese
   * or English by weight, English when none does or the header is malformed.
   */
  public static Language fromAcceptLanguage(String header) {
    if (header == null || header.isBlank() || header.length() > 1_000) {
      return ENGLISH;
    }
    try {
      List<Locale.LanguageRange> ranges = Locale.LanguageRange.parse(header);
      for (Locale.LanguageRange range : ranges) {
        String primary = range.getRange().split("-", 2)[0];
        if (primary.equals("zh")) {
          return CHINESE;
        }
        if (primary.equals("en")) {
          return ENGLISH;
        }
      }
    } catch (IllegalArgumentException malformed) {
      return ENGLISH;
    }
    return ENGLISH;
  }

  /** A message bundle (UTF-8 properties) from the class path; the apps load theirs with it. */
  public static Map<String, String> load(String resource) {
    try (InputStream in = Language.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("message bundle " + resource + " missing from the jar");
      }
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> messages = new TreeMap<>();
      properties.forEach((key, value) -> messages.put((String) key, (String) value));
      return Collections.unmodifiableMap(messages);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
