package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.money.CurrencyUnit;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/** Field encodings shared by every message; each documented in docs/protocol.md. */
final class Wire {
  static final long MAX_U32 = 0xFFFF_FFFFL;
  /** Bound on any amount or limit: 10^15 minor units, far above any offline sale. */
  static final long MAX_AMOUNT_MINOR = 1_000_000_000_000_000L;

  private Wire() {}

  static void writeHeader(ByteWriter out, MessageType type) {
    out.u8(MessageType.VERSION).u8(type.wireId());
  }

  static void readHeader(ByteReader in, MessageType expected) throws DecodeException {
    int version = in.u8();
    if (version != MessageType.VERSION) {
      throw new DecodeException(DecodeFailure.UNKNOWN_VERSION, "version " + version);
    }
    int type = in.u8();
    if (type != expected.wireId()) {
      throw new DecodeException(
          DecodeFailure.UNKNOWN_TYPE, "expected " + expected + ", got type byte " + type);
    }
  }

  /** Seconds since the epoch as u32: good until 2106. Sub-second parts are not representable. */
  static void writeTime(ByteWriter out, Instant time) {
    out.u32(time.getEpochSecond());
  }

  static Instant readTime(ByteReader in) throws DecodeException {
    return Instant.ofEpochSecond(in.u32());
  }

  static Instant checkTime(String name, Instant time) {
    if (time == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (time.getNano() != 0 || time.getEpochSecond() < 0 || time.getEpochSecond() > MAX_U32) {
      throw new IllegalArgumentException(name + " must be whole seconds in the u32 range: " + time);
    }
    return time;
  }

  static void writeCurrency(ByteWriter out, CurrencyUnit currency) {
    out.u16(currency.numericCode());
  }

  static CurrencyUnit readCurrency(ByteReader in) throws DecodeException {
    int numeric = in.u16();
    return CurrencyUnit.byNumericCode(numeric)
        .orElseThrow(() -> new DecodeException(DecodeFailure.BAD_VALUE, "unknown currency " + numeric));
  }

  /**
   * Text a person reads (names, flight codes): present, not blank, well-formed UTF-16 (an unpaired
   * surrogate would be replaced by '?' when encoded, so the signed bytes would not be this text),
   * free of characters that change how other text displays, and at most {@code maxBytes} in UTF-8.
   */
  static String checkText(String name, String text, int maxBytes) {
    if (text == null || DisplayText.isBlank(text)) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    text.codePoints().filter(DisplayText::misleads).findFirst().ifPresent(c -> {
      throw new IllegalArgumentException(name + " must not contain control or bidirectional-override characters: U+"
          + String.format("%04X", c));
    });
    ByteBuffer encoded;
    try {
      encoded = StandardCharsets.UTF_8.newEncoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException(name + " is not well-formed Unicode: " + text, e);
    }
    if (encoded.remaining() > maxBytes) {
      throw new IllegalArgumentException(
          name + " must be 1.." + maxBytes + " UTF-8 bytes, got " + encoded.remaining() + ": " + text);
    }
    return text;
  }

  /** An amount of 0..10^15 minor units. */
  static long readAmount(ByteReader in) throws DecodeException {
    return in.varint(MAX_AMOUNT_MINOR);
  }

  /** An amount of {@code min}..10^15 minor units. */
  static long readAmount(ByteReader in, long min) throws DecodeException {
    return in.varint(min, MAX_AMOUNT_MINOR);
  }

  /** A u32 id that 0 does not name (terminal, merchant, flight): 1..2^32−1. */
  static long readId(ByteReader in) throws DecodeException {
    return in.u32(1);
  }

  /** An issuer key id, 1..255. */
  static int readKeyId(ByteReader in) throws DecodeException {
    return in.u8(1, 255);
  }

  /** A payment's counter, 1..2^32−1. */
  static long readCounter(ByteReader in) throws DecodeException {
    return in.varint(1, PaymentId.MAX_COUNTER);
  }

  /** Text a person reads: 1..{@code maxBytes} bytes of UTF-8 (content rules in {@link #checkText}). */
  static String readText(ByteReader in, int maxBytes) throws DecodeException {
    return in.utf8(1, maxBytes);
  }

  static long checkAmount(String name, long amountMinor, long min) {
    if (amountMinor < min || amountMinor > MAX_AMOUNT_MINOR) {
      throw new IllegalArgumentException(name + " out of range: " + amountMinor);
    }
    return amountMinor;
  }

  static long checkU32(String name, long value, long min) {
    if (value < min || value > MAX_U32) {
      throw new IllegalArgumentException(name + " out of range: " + value);
    }
    return value;
  }

  static void writeKey(ByteWriter out, VerificationKey key) {
    out.u8(key.algorithm().wireId()).fixed(key.encoded(), key.algorithm().publicKeyLength());
  }

  static VerificationKey readKey(ByteReader in) throws DecodeException {
    int id = in.u8();
    SignatureAlgorithm algorithm =
        SignatureAlgorithm.fromWireId(id)
            .orElseThrow(() -> new DecodeException(DecodeFailure.BAD_VALUE, "unknown algorithm " + id));
    return new VerificationKey(algorithm, in.fixed(algorithm.publicKeyLength()));
  }

  static VerificationKey readEd25519Key(ByteReader in) throws DecodeException {
    return new VerificationKey(SignatureAlgorithm.ED25519, in.fixed(32));
  }

  static CredentialSerial readSerial(ByteReader in) throws DecodeException {
    return new CredentialSerial(in.fixed(CredentialSerial.LENGTH));
  }

  static void writeSignature(ByteWriter out, Bytes signature) {
    out.fixed(signature, SignatureAlgorithm.SIGNATURE_LENGTH);
  }

  static Bytes readSignature(ByteReader in) throws DecodeException {
    return in.fixed(SignatureAlgorithm.SIGNATURE_LENGTH);
  }

  static Bytes checkSignature(Bytes signature) {
    if (signature == null || signature.size() != SignatureAlgorithm.SIGNATURE_LENGTH) {
      throw new IllegalArgumentException("signature must be 64 bytes");
    }
    return signature;
  }

  /** The domain string of {@code type}, then {@code body}: what a signature covers. */
  static byte[] signingInput(MessageType type, byte[] body, byte[]... suffixes) {
    int length = type.domainLength() + body.length;
    for (byte[] suffix : suffixes) {
      length += suffix.length;
    }
    byte[] input = new byte[length];
    type.copyDomain(input);
    int at = type.domainLength();
    System.arraycopy(body, 0, input, at, body.length);
    at += body.length;
    for (byte[] suffix : suffixes) {
      System.arraycopy(suffix, 0, input, at, suffix.length);
      at += suffix.length;
    }
    return input;
  }

  /** Appends the signature to a body. */
  static byte[] withSignature(byte[] body, Bytes signature) {
    byte[] out = Arrays.copyOf(body, body.length + SignatureAlgorithm.SIGNATURE_LENGTH);
    System.arraycopy(signature.toByteArray(), 0, out, body.length, SignatureAlgorithm.SIGNATURE_LENGTH);
    return out;
  }

  static DecodeException badValue(String detail) {
    return new DecodeException(DecodeFailure.BAD_VALUE, detail);
  }

  static DecodeException nonCanonical(String detail) {
    return new DecodeException(DecodeFailure.NON_CANONICAL, detail);
  }

  /**
   * Runs a record constructor on decoded fields: its argument checks become typed decode
   * failures, so that no input can surface as IllegalArgumentException.
   */
  static <T> T construct(java.util.function.Supplier<T> constructor) throws DecodeException {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw badValue(e.getMessage());
    }
  }
}
