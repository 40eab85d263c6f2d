package io.aloft.protocol.sqlite;

/**
 * A device's storage failed (disk full, file unreadable, I/O error), in the terminal or the wallet.
 * Whatever was being written was not committed: a payment that ends in this exception was NOT
 * accepted by the terminal (the crew must not hand over the goods), and no code was issued by the
 * wallet.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
