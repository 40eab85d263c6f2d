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
  private final java.util.Optional<String> reason;
  private final java.util.Optional<String> passengerMessage;

  /**
   * @param reason the problem's {@code reason} member when it has one (enrolment refusals)
   * @param passengerMessage the problem's {@code message} member: a sentence for the passenger
   */
  public UploadRefusedException(int status, String problemType, String problem, java.util.Optional<String> reason,
      java.util.Optional<String> passengerMessage) {
    super("HTTP " + status + " " + problemType + ": " + problem);
    this.status = status;
    this.problemType = problemType;
    this.reason = reason;
    this.passengerMessage = passengerMessage;
  }

  public java.util.Optional<String> reason() {
    return reason;
  }

  public java.util.Optional<String> passengerMessage() {
    return passengerMessage;
  }

  public int status() {
    return status;
  }

  public String problemType() {
    return problemType;
  }
}
