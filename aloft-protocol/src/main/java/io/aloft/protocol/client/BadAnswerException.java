package io.aloft.protocol.client;

import java.io.IOException;

/** The server answered, but not with something the device accepts (unsigned, mis-signed, malformed). */
public final class BadAnswerException extends IOException {
  private static final long serialVersionUID = 1L;

  public BadAnswerException(String message) {
    super(message);
  }
}
