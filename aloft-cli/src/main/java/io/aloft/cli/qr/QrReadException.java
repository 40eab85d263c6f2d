package io.aloft.cli.qr;

/** An image that holds no readable QR code: an expected outcome of reading user files. */
public final class QrReadException extends Exception {
  private static final long serialVersionUID = 1L;

  public QrReadException(String message) {
    super(message);
  }
}
