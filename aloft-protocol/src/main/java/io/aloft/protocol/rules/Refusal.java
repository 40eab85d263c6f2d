package io.aloft.protocol.rules;

/**
 * Carries a rejection out of a chain of checks inside this package. Never escapes it: every
 * public rule catches it and returns a {@link Verdict.Rejected}.
 */
final class Refusal extends Exception {
  private static final long serialVersionUID = 1L;

  final Reason reason;

  Refusal(Reason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  <T> Verdict<T> toVerdict() {
    return Verdict.reject(reason, getMessage());
  }

  static void refuseIf(boolean condition, Reason reason, String detail) throws Refusal {
    if (condition) {
      throw new Refusal(reason, detail);
    }
  }

  /**
   * As above, with the detail built only on refusal: the rules run for every payment settled, and
   * formatting instants and amounts into messages nobody reads would be a measurable share of them.
   */
  static void refuseIf(boolean condition, Reason reason, java.util.function.Supplier<String> detail) throws Refusal {
    if (condition) {
      throw new Refusal(reason, detail.get());
    }
  }
}
