package io.aloft.protocol.codec;

/** Why bytes or text did not decode. Stable: documented in docs/protocol.md. */
public enum DecodeFailure {
  /** The input ended before the message did. */
  TRUNCATED,
  /** Bytes were left over after a complete message. */
  TRAILING_BYTES,
  /** The version byte is not one this code understands. */
  UNKNOWN_VERSION,
  /** The type byte names another kind of message than the one expected, or none. */
  UNKNOWN_TYPE,
  /** A value was encoded in a form other than its one canonical form. */
  NON_CANONICAL,
  /** A length, count or number exceeds its stated bound. */
  OUT_OF_BOUNDS,
  /** A length, count or number is below its stated minimum (an empty name, a zero amount or id). */
  BELOW_MINIMUM,
  /** A field holds a value its type does not allow (unknown currency, bad key, …). */
  BAD_VALUE,
  /** QR text is not in the Aloft prefix + Base45 form. */
  BAD_TEXT
}
