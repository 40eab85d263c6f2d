package io.aloft.protocol.message;

/** What text shown to people (terminal names, line items, flight codes) may contain. */
public final class DisplayText {
  private DisplayText() {}

  /**
   * Whether {@code codePoint} changes what a person reads rather than being read: controls (line
   * breaks, escapes), line and paragraph separators, and the bidirectional embeddings, overrides,
   * isolates and marks ("Trojan Source", CVE-2021-42574), with which a terminal's name or a line
   * item could show its text reversed or re-ordered next to an amount. Joiners (U+200C, U+200D),
   * which Persian, Indic scripts and emoji need, stay allowed.
   */
  public static boolean misleads(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
        || codePoint == 0x061C || codePoint == 0x200E || codePoint == 0x200F
        || codePoint >= 0x202A && codePoint <= 0x202E || codePoint >= 0x2066 && codePoint <= 0x2069;
  }
}
