package io.aloft.protocol;

/**
 * {@link String#isBlank()} and {@link String#strip()} with the same meaning (white space is what
 * {@link Character#isWhitespace(int)} says), for the Android API level the SDKs run on, which
 * lacks both.
 */
public final class Text {
  private Text() {}

  /** Whether {@code text} is empty or only white space. */
  public static boolean isBlank(String text) {
    return firstNonWhitespace(text) == text.length();
  }

  /** {@code text} without leading and trailing white space. */
  public static String strip(String text) {
    int start = firstNonWhitespace(text);
    int end = text.length();
    while (end > start) {
      int last = text.codePointBefore(end);
      if (!Character.isWhitespace(last)) {
        break;
      }
      end -= Character.charCount(last);
    }
    return text.substring(start, end);
  }

  private static int firstNonWhitespace(String text) {
    int index = 0;
    while (index < text.length()) {
      int codePoint = text.codePointAt(index);
      if (!Character.isWhitespace(codePoint)) {
        break;
      }
      index += Character.charCount(codePoint);
    }
    return index;
  }
}
