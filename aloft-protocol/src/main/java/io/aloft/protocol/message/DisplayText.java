package io.aloft.protocol.message;

/**
 * What text shown to people (terminal names, line items, flight codes) may contain. Every set is
 * written out as code points, so that what a decoder refuses does not change with a runtime's
 * Unicode version.
 */
public final class DisplayText {
  private DisplayText() {}

  /**
   * Whether {@code codePoint} changes what a person reads rather than being read: controls (C0
   * U+0000–U+001F, DEL U+007F, C1 U+0080–U+009F: line breaks, escapes), the line and paragraph
   * separators U+2028 and U+2029, and the bidirectional marks, embeddings, overrides and isolates
   * U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069 ("Trojan Source", CVE-2021-42574), with which
   * a terminal's name or a line item could show its text reversed or re-ordered next to an amount.
   * Joiners (U+200C, U+200D), which Persian, Indic scripts and emoji need, stay allowed.
   */
  public static boolean misleads(int codePoint) {
    return codePoint <= 0x1F || codePoint >= 0x7F && codePoint <= 0x9F || codePoint == 0x2028 || codePoint == 0x2029
        || codePoint == 0x061C || codePoint == 0x200E || codePoint == 0x200F
        || codePoint >= 0x202A && codePoint <= 0x202E || codePoint >= 0x2066 && codePoint <= 0x2069;
  }

  /**
   * Unicode's space separators (general category Zs): U+0020, the no-break spaces U+00A0 and
   * U+202F, U+1680, U+2000–U+200A, U+205F and U+3000.
   */
  public static boolean isSpace(int codePoint) {
    return codePoint == 0x20 || codePoint == 0xA0 || codePoint == 0x1680 || codePoint >= 0x2000 && codePoint <= 0x200A
        || codePoint == 0x202F || codePoint == 0x205F || codePoint == 0x3000;
  }

  /**
   * Whether {@code text} shows nothing a person could read: it is empty, or each of its code points
   * is a space ({@link #isSpace}) or one that {@link #misleads}.
   */
  public static boolean isBlank(String text) {
    return text.codePoints().allMatch(c -> isSpace(c) || misleads(c));
  }
}
