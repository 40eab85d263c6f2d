package io.aloft.simulation.flight;

/**
 * Invariant violations the simulator found, reported, and not yet fixed (in code this module
 * does not own). The CI-sized run reports them without failing; {@code -Dsim.strict=true} and
 * the regression seeds fail on them. Remove an entry once its fix lands.
 */
enum KnownIssue {
  /**
   * A terminal signs a second receipt for a one-scan cap payment, charging more than the receipt
   * it gave the passenger (still within the cap), and uploads it first under a fresh batch id.
   * Settlement books the higher charge; the honest batch and the wallet's receipt then count as
   * duplicates and no case opens, so the passenger pays more than the terminal-signed receipt
   * they hold. Found by seed 58, replayed by seed 26 since; reported to the lead (settlement, aloft-server).
   */
  REPRICED_RECEIPT("re-priced receipt");

  private final String name;

  KnownIssue(String name) {
    this.name = name;
  }

  /** The prefix that marks a violation as this known issue. */
  String tag() {
    return "[known issue: " + name + "] ";
  }

  static boolean isKnown(String violation) {
    return violation.startsWith("[known issue: ");
  }
}
