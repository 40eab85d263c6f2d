package io.aloft.protocol.message;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Samples;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.qr.Base45;
import io.aloft.protocol.qr.QrText;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * The codec's promises, over arbitrary inputs: every message round-trips to equal bytes and an
 * equal value, and any bytes or text either decode or fail with {@link DecodeException}, nothing
 * else (no IllegalArgumentException, no index or arithmetic errors, no OutOfMemoryError).
 */
class CodecPropertyTest {
  private static final List<Samples.Decoder> DECODERS = List.of(OfflineCredential::decode,
      TerminalCertificate::decode, TrustBundle::decode, PaymentRequest::decode, PaymentAuthorization::decode,
      Receipt::decode, RefundNote::decode, TerminalBatch::decode, CabinDigest::decode, CabinHello::decode);
  private static final List<byte[]> VALID = new Samples().all().stream().map(s -> s.message().encode()).toList();

  private static final java.util.Map<MessageType, Samples.Decoder> DECODER_BY_TYPE = java.util.Map.ofEntries(
      java.util.Map.entry(MessageType.CREDENTIAL, OfflineCredential::decode),
      java.util.Map.entry(MessageType.TERMINAL_CERTIFICATE, TerminalCertificate::decode),
      java.util.Map.entry(MessageType.TRUST_BUNDLE, TrustBundle::decode),
      java.util.Map.entry(MessageType.PAYMENT_REQUEST, PaymentRequest::decode),
      java.util.Map.entry(MessageType.HANDSHAKE_AUTHORIZATION, PaymentAuthorization::decode),
      java.util.Map.entry(MessageType.ONE_SCAN_CODE, PaymentAuthorization::decode),
      java.util.Map.entry(MessageType.RECEIPT, Receipt::decode),
      java.util.Map.entry(MessageType.REFUND_NOTE, RefundNote::decode),
      java.util.Map.entry(MessageType.TERMINAL_BATCH, TerminalBatch::decode),
      java.util.Map.entry(MessageType.CABIN_DIGEST, CabinDigest::decode),
      java.util.Map.entry(MessageType.CABIN_HELLO, CabinHello::decode));

  /** Every kind gets hundreds of tries or more; bundles and batches cost most, so they get fewest. */
  @Property(tries = 6000)
  void everyMessage_roundTripsThroughBytesAndQrText(@ForAll("messages") SignedMessage message)
      throws DecodeException {
    Samples.Decoder decoder = DECODER_BY_TYPE.get(message.type());
    byte[] encoded = message.encode();
    SignedMessage decoded = decoder.decode(encoded);
    assertThat(decoded).isEqualTo(message);
    assertThat(decoded.encode()).isEqualTo(encoded);
    assertThat(decoder.decode(QrText.decode(message.toQrText()))).isEqualTo(message);
  }

  @Property
  void arbitraryBytes_intoEveryDecoder_decodeOrFailTyped(@ForAll @Size(max = 400) byte[] bytes) {
    decodeOrFailTyped(bytes);
  }

  @Property
  void arbitraryBodies_behindAValidHeader_decodeOrFailTyped(@ForAll("headers") byte[] header,
      @ForAll @Size(max = 300) byte[] body) {
    byte[] input = new byte[header.length + body.length];
    System.arraycopy(header, 0, input, 0, header.length);
    System.arraycopy(body, 0, input, header.length, body.length);
    decodeOrFailTyped(input);
  }

  @Property(tries = 3000)
  void mutatedValidEncodings_decodeOrFailTyped(@ForAll("mutants") byte[] mutant) {
    decodeOrFailTyped(mutant);
  }

  @Property
  void arbitraryText_intoQrTextAndBase45_decodeOrFailTyped(@ForAll @Size(max = 600) String text) {
    try {
      QrText.decode(text);
    } catch (DecodeException expected) {
      // typed: fine
    }
    try {
      Base45.decode(text);
    } catch (DecodeException expected) {
      // typed: fine
    }
  }

  @Property
  void base45Alphabet_afterThePrefix_decodeOrFailTyped(@ForAll("base45Text") String text) {
    try {
      byte[] bytes = QrText.decode(QrText.PREFIX + text);
      decodeOrFailTyped(bytes);
    } catch (DecodeException expected) {
      // typed: fine
    }
  }

  @Property
  void base45_roundTripsAnyBytes(@ForAll @Size(max = 300) byte[] bytes) throws DecodeException {
    assertThat(Base45.decode(Base45.encode(bytes))).isEqualTo(bytes);
  }

  private static void decodeOrFailTyped(byte[] input) {
    for (Samples.Decoder decoder : DECODERS) {
      try {
        SignedMessage decoded = decoder.decode(input);
        // Whatever decodes is canonical: it encodes back to exactly the input.
        assertThat(decoded.encode()).isEqualTo(input);
      } catch (DecodeException expected) {
        // typed: fine
      }
    }
  }

  @Provide
  Arbitrary<byte[]> headers() {
    return Arbitraries.of(MessageType.class).map(t -> new byte[] {(byte) MessageType.VERSION, (byte) t.wireId()});
  }

  @Provide
  Arbitrary<String> base45Text() {
    return Arbitraries.strings().withChars("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:").ofMaxLength(500);
  }

  /** Valid encodings with a few random edits: flips, overwrites, inserts, deletes, truncation. */
  @Provide
  Arbitrary<byte[]> mutants() {
    return Arbitraries.of(VALID).flatMap(valid -> Arbitraries.integers().between(1, 4).flatMap(edits ->
        Arbitraries.longs().map(seed -> Mutator.mutate(valid, edits, new java.util.Random(seed)))));
  }

  @Provide
  Arbitrary<SignedMessage> messages() {
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, MessageArbitraries.credentials()),
        net.jqwik.api.Tuple.of(4, MessageArbitraries.certificates()),
        net.jqwik.api.Tuple.of(1, MessageArbitraries.bundles()),
        net.jqwik.api.Tuple.of(5, MessageArbitraries.requests()),
        net.jqwik.api.Tuple.of(8, MessageArbitraries.authorizations()),
        net.jqwik.api.Tuple.of(4, MessageArbitraries.receipts()),
        net.jqwik.api.Tuple.of(4, MessageArbitraries.refundNotes()),
        net.jqwik.api.Tuple.of(1, MessageArbitraries.batches()),
        net.jqwik.api.Tuple.of(2, MessageArbitraries.cabinDigests()),
        net.jqwik.api.Tuple.of(2, MessageArbitraries.cabinHellos()));
  }

  /** Random edits of a byte string, reproducible from the seed jqwik reports. */
  static final class Mutator {
    private Mutator() {}

    static byte[] mutate(byte[] valid, int edits, java.util.Random random) {
      byte[] bytes = valid.clone();
      for (int i = 0; i < edits && bytes.length > 0; i++) {
        int at = random.nextInt(bytes.length);
        bytes = switch (random.nextInt(5)) {
          case 0 -> flip(bytes, at, 1 << random.nextInt(8));
          case 1 -> flip(bytes, at, 1 + random.nextInt(255));
          case 2 -> insert(bytes, at, (byte) random.nextInt(256));
          case 3 -> delete(bytes, at);
          default -> java.util.Arrays.copyOf(bytes, at);
        };
      }
      return bytes;
    }

    private static byte[] flip(byte[] bytes, int at, int mask) {
      bytes[at] ^= (byte) mask;
      return bytes;
    }

    private static byte[] insert(byte[] bytes, int at, byte value) {
      byte[] out = new byte[bytes.length + 1];
      System.arraycopy(bytes, 0, out, 0, at);
      out[at] = value;
      System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
      return out;
    }

    private static byte[] delete(byte[] bytes, int at) {
      byte[] out = new byte[bytes.length - 1];
      System.arraycopy(bytes, 0, out, 0, at);
      System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
      return out;
    }
  }
}
