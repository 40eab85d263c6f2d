package io.aloft.protocol.codec;

/**
 * Input that is not a valid Aloft encoding. This is an expected operating outcome (a scanned
 * QR code can hold anything), so it is checked and carries a typed reason.
 */
public final class DecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  private final DecodeFailure failure;

  public DecodeException(DecodeFailure failure, String detail) {
    super(failure + ": " + detail, null, false, false);
    this.failure = failure;
  }

  public DecodeFailure failure() {
    return failure;
  }
}
