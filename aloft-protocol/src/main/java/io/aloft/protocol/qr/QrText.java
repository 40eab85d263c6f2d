package io.aloft.protocol.qr;

import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;

/**
 * The text inside every Aloft QR code: the prefix {@value #PREFIX} (protocol version 1), then
 * Base45 of the message's canonical bytes. Every character is in the QR alphanumeric set.
 */
public final class QrText {
  public static final String PREFIX = "AL1";
  /** The most characters any QR code can hold in alphanumeric mode (version 40-L). */
  public static final int MAX_LENGTH = 4296;

  private QrText() {}

  public static String encode(byte[] message) {
    return PREFIX + Base45.encode(message);
  }

  /**
   * The message bytes inside {@code text}. Scanner apps sometimes add line breaks or tabs around
   * the text, which are removed; spaces are not, since space is a Base45 character. Anything else
   * that is not prefix + Base45 fails with BAD_TEXT.
   */
  public static byte[] decode(String text) throws DecodeException {
    if (text == null) {
      throw new DecodeException(DecodeFailure.BAD_TEXT, "no text");
    }
    if (text.length() > MAX_LENGTH + 64) {
      throw new DecodeException(DecodeFailure.OUT_OF_BOUNDS, "text of " + text.length() + " characters");
    }
    String trimmed = text.replaceAll("^[\\r\\n\\t]+|[\\r\\n\\t]+$", "");
    if (!trimmed.startsWith(PREFIX)) {
      throw new DecodeException(DecodeFailure.BAD_TEXT, "text does not start with " + PREFIX);
    }
    return Base45.decode(trimmed.substring(PREFIX.length()));
  }
}
