package io.aloft.protocol.client;

import java.io.IOException;

/**
 * The server answered and said no (a 4xx other than "try again"): retrying the same request will
 * not help. {@link #problemType()} is the RFC 9457 type, e.g. {@code urn:aloft:problem:forbidden}.
 */
public final class UploadRefusedException extends IOException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String problemType;

  public UploadRefusedException(int status, String problemType, String message) {
    super("HTTP " + status + " " + problemType + ": " + message);
    this.status = status;
    this.problemType = problemType;
  }

  public int status() {
    return status;
  }

  public String problemType() {
    return problemType;
  }
}
