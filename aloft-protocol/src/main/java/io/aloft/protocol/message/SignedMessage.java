package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.qr.QrText;

/**
 * A message with a canonical body and a 64-byte signature over its domain-separated body.
 *
 * <p>Messages are built unsigned (signature {@link Bytes#empty()}) and then signed with
 * {@code signedBy(signer)}, which returns the signed copy; only signed messages encode.
 */
public interface SignedMessage {
  MessageType type();

  /** The 64-byte signature, or empty while the message is being built. */
  Bytes signature();

  /** Writes the version byte, the type byte and every field except the signature. */
  void writeBody(ByteWriter out);

  default byte[] body() {
    ByteWriter out = new ByteWriter();
    writeBody(out);
    return out.toByteArray();
  }

  /** What the signature covers: the type's domain string, then the body. */
  default byte[] signingInput() {
    return Wire.signingInput(type(), body());
  }

  /** The canonical encoding: body, then signature. */
  default byte[] encode() {
    if (signature().isEmpty()) {
      throw new IllegalStateException(type() + " is not signed yet");
    }
    return Wire.withSignature(body(), signature());
  }

  /** The QR text form: the Aloft prefix, then Base45 of {@link #encode()}. */
  default String toQrText() {
    return QrText.encode(encode());
  }
}
