package io.aloft.cli.app;

import io.aloft.server.console.Language;
import java.text.MessageFormat;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/**
 * The apps' words: {@code app/messages_<tag>.properties} (UTF-8) for each of the console's
 * languages. A key missing in a bundle shows as {@code ⟦key⟧}, which the browser tests look for.
 */
public final class AppText {
  private static final Map<Language, Map<String, String>> BUNDLES = new EnumMap<>(Language.class);

  static {
    for (Language language : Language.values()) {
      BUNDLES.put(language, Language.load("/app/messages_" + language.tag() + ".properties"));
    }
  }

  private AppText() {}

  /**
   * The message for {@code key} with {@code arguments} put in. Every message is a
   * {@link MessageFormat} pattern, with or without arguments, so an apostrophe is always {@code ''}.
   */
  public static String text(Language language, String key, Object... arguments) {
    String pattern = BUNDLES.get(language).get(key);
    if (pattern == null) {
      return Language.MISSING_MARK + key + "⟧";
    }
    return new MessageFormat(pattern, language.locale()).format(arguments);
  }

  public static boolean has(Language language, String key) {
    return BUNDLES.get(language).containsKey(key);
  }

  /** Every key of one language's bundle, for the test that both have the same keys. */
  public static Set<String> keys(Language language) {
    return BUNDLES.get(language).keySet();
  }
}
