package io.aloft.wallet;

import io.aloft.protocol.rules.Verdict;

/**
 * The wallet would not do what it was asked, for a reason the passenger can act on. An expected
 * outcome (a bad code, a spent allowance), never a bug: nothing was signed or committed.
 * {@link #getMessage()} is the passenger's sentence; {@link #detail()} is for logs and support.
 */
public final class WalletRefusal extends Exception {
  private static final long serialVersionUID = 1L;

  private final RefusalReason reason;
  private final String detail;

  public WalletRefusal(RefusalReason reason, String detail) {
    super(reason.message(), null, false, false);
    this.reason = reason;
    this.detail = detail;
  }

  /** The value of an accepted verdict, or a refusal carrying the rejection's reason and detail. */
  public static <T> T require(Verdict<T> verdict) throws WalletRefusal {
    if (verdict instanceof Verdict.Rejected<T> rejected) {
      throw new WalletRefusal(RefusalReason.of(rejected.reason()), rejected.detail());
    }
    return verdict.value();
  }

  public RefusalReason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }

  @Override
  public String toString() {
    return "WalletRefusal[" + reason + ": " + detail + "]";
  }
}
