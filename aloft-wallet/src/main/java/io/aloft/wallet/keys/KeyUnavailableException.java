package io.aloft.wallet.keys;

/** The device key cannot be used right now: none yet, wrong passphrase, locked, or damaged. */
public final class KeyUnavailableException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Why the key is unavailable. */
  public enum Cause {
    /** No device key has been created on this device. */
    NO_KEY,
    /** The passphrase does not open the stored key (or the stored key was altered). */
    WRONG_PASSPHRASE,
    /** The stored key file is not in a form this code reads. */
    DAMAGED,
    /** The key store refused (locked, user cancelled, I/O error). */
    LOCKED
  }

  private final Cause keyCause;

  public KeyUnavailableException(Cause keyCause, String detail) {
    super(keyCause + ": " + detail);
    this.keyCause = keyCause;
  }

  public KeyUnavailableException(Cause keyCause, String detail, Throwable cause) {
    super(keyCause + ": " + detail, cause);
    this.keyCause = keyCause;
  }

  public Cause keyCause() {
    return keyCause;
  }
}
