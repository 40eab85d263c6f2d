package io.aloft.terminal.sqlite;

/**
 * The device's storage failed (disk full, file unreadable, I/O error). Whatever was being
 * written was not committed: a payment that ends in this exception was NOT accepted, and the
 * crew must not hand over the goods.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
