package io.aloft.wallet.issuer;

/**
 * The issuer could not be reached, or said no. Expected while offline or when not eligible;
 * the wallet's offline state is unchanged when this is thrown.
 */
public final class IssuerException extends Exception {
  private static final long serialVersionUID = 1L;

  /** How the call failed. */
  public enum Kind {
    /** No network, timeout, or a server error: try again later. */
    UNREACHABLE,
    /** The issuer refused (not eligible, arrears, unknown flight); {@link #code()} says why. */
    REFUSED,
    /** The issuer answered with something the wallet does not accept (bad bundle, bad credential). */
    BAD_ANSWER
  }

  private final Kind kind;
  private final String code;

  /**
   * @param code the issuer's reason code for REFUSED (for example {@code score-too-low}), else a
   *     short code for the failure
   * @param message written for the passenger when the issuer supplies one
   */
  public IssuerException(Kind kind, String code, String message) {
    super(message);
    this.kind = kind;
    this.code = code;
  }

  public IssuerException(Kind kind, String code, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.code = code;
  }

  public Kind kind() {
    return kind;
  }

  public String code() {
    return code;
  }
}
