package io.aloft.protocol.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.Flight;
import io.aloft.protocol.Samples;
import io.aloft.protocol.Samples.Sample;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.MessageType;
import io.aloft.protocol.message.OutcomeQuery;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.qr.QrText;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Strict canonical decoding: one encoding per message, every failure typed, bounds before allocation. */
class CanonicalDecodingTest {
  private static final Samples SAMPLES = new Samples();
  private static final Map<DecodeFailure, ThrowingCallable> CASES = cases();

  static void assertFails(DecodeFailure failure, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(DecodeException.class,
        e -> assertThat(e.failure()).as(e.getMessage()).isEqualTo(failure));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(DecodeFailure.class)
  void everyDecodeFailure_isProducedByItsCase(DecodeFailure failure) {
    assertThat(CASES).as("a case that produces " + failure).containsKey(failure);
    assertFails(failure, CASES.get(failure));
  }

  private static Map<DecodeFailure, ThrowingCallable> cases() {
    byte[] receipt = SAMPLES.receipt.encode();
    Map<DecodeFailure, ThrowingCallable> cases = new EnumMap<>(DecodeFailure.class);
    cases.put(DecodeFailure.TRUNCATED, () -> Receipt.decode(Arrays.copyOf(receipt, receipt.length - 1)));
    cases.put(DecodeFailure.TRAILING_BYTES, () -> Receipt.decode(Arrays.copyOf(receipt, receipt.length + 1)));
    cases.put(DecodeFailure.UNKNOWN_VERSION, () -> Receipt.decode(with(receipt, 0, 2)));
    cases.put(DecodeFailure.UNKNOWN_TYPE, () -> Receipt.decode(with(receipt, 1, MessageType.REFUND_NOTE.wireId())));
    cases.put(DecodeFailure.NON_CANONICAL, () -> TrustBundle.decode(unsortedBundle()));
    cases.put(DecodeFailure.OUT_OF_BOUNDS, () -> TerminalBatch.decode(batchHeaderWithCount(Integer.MAX_VALUE)));
    cases.put(DecodeFailure.BELOW_MINIMUM, () -> OutcomeQuery.decode(Bytes.fromHex("010c01" + "0011223344556677" + "00")
        .toByteArray()));
    cases.put(DecodeFailure.BAD_VALUE, () -> Receipt.decode(withCurrency(receipt, 999)));
    cases.put(DecodeFailure.BAD_TEXT, () -> QrText.decode("AL2" + SAMPLES.receipt.toQrText().substring(3)));
    return cases;
  }

  static Stream<Sample> samples() {
    return SAMPLES.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void everyMessage_refusesTrailingBytesUnknownVersionsForeignTypesAndEveryTruncation(Sample sample) {
    byte[] encoded = sample.message().encode();
    assertFails(DecodeFailure.TRAILING_BYTES, () -> sample.decoder().decode(Arrays.copyOf(encoded, encoded.length + 1)));
    assertFails(DecodeFailure.UNKNOWN_VERSION, () -> sample.decoder().decode(with(encoded, 0, 0)));
    assertFails(DecodeFailure.UNKNOWN_VERSION, () -> sample.decoder().decode(with(encoded, 0, 2)));
    assertFails(DecodeFailure.UNKNOWN_TYPE, () -> sample.decoder().decode(with(encoded, 1, 0x7F)));
    for (int length = 0; length < encoded.length; length++) {
      byte[] prefix = Arrays.copyOf(encoded, length);
      assertThatThrownBy(() -> sample.decoder().decode(prefix)).as("prefix of %d bytes", length)
          .isInstanceOf(DecodeException.class);
    }
  }

  @ParameterizedTest(name = "{0} reads back as {1}")
  @CsvSource({"00, 0", "7f, 127", "8001, 128", "ff7f, 16383", "808001, 16384",
      "ffffffffffffffff7f, 9223372036854775807"})
  void varint_isUnsignedLeb128(String hex, long value) throws DecodeException {
    assertThat(Bytes.of(new ByteWriter().varint(value).toByteArray()).hex()).isEqualTo(hex);
    ByteReader in = new ByteReader(Bytes.fromHex(hex).toByteArray());
    assertThat(in.varint(Long.MAX_VALUE)).isEqualTo(value);
    in.finish();
  }

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "8000, NON_CANONICAL",                 // 0 with a redundant zero group
      "ff00, NON_CANONICAL",                 // 127 in two bytes
      "80808000, NON_CANONICAL",
      "ffffffffffffffffff01, OUT_OF_BOUNDS", // bit 63: above Long.MAX_VALUE
      "8080808080808080808001, OUT_OF_BOUNDS", // longer than ten bytes
      "80, TRUNCATED",
      "'', TRUNCATED"})
  void varint_refusesNonCanonicalOverlongAndTruncatedForms(String hex, DecodeFailure failure) {
    assertFails(failure, () -> new ByteReader(Bytes.fromHex(hex).toByteArray()).varint(Long.MAX_VALUE));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "varint 1..10 reads 0, 00",
      "u8 1..255 reads 0, 00",
      "u16 10..3600 reads 9, 0009",
      "u32 from 1 reads 0, 00000000",
      "count 1..16 reads 0, 00",
      "byte string of 1..8 is empty, 00",
      "text of 1..8 bytes is empty, 00"})
  void aRangedReadBelowItsMinimum_isBelowMinimum(String read, String hex) {
    ByteReader in = new ByteReader(Bytes.fromHex(hex).toByteArray());
    assertFails(DecodeFailure.BELOW_MINIMUM, () -> {
      switch (read.substring(0, read.indexOf(' '))) {
        case "varint" -> in.varint(1, 10);
        case "u8" -> in.u8(1, 255);
        case "u16" -> in.u16(10, 3600);
        case "u32" -> in.u32(1);
        case "count" -> in.count(1, 16);
        case "byte" -> in.bytes(1, 8);
        default -> in.utf8(1, 8);
      }
    });
  }

  @ParameterizedTest(name = "{0} with byte {1} zeroed")
  @CsvSource({
      "credential, 10",              // issuer key id 0
      "terminal-certificate, 2",     // issuer key id 0
      "payment-request, 5",          // terminal id 7 -> 0
      "receipt, 15",                 // terminal id 7 -> 0
      "refund-note, 12",             // refund sequence 1 -> 0
      "cabin-hello, 5"})             // terminal id 7 -> 0
  void aFieldBelowItsMinimum_isBelowMinimum_inEveryMessage(String name, int at) {
    byte[] encoded = SAMPLES.named(name).message().encode();
    assertThat(encoded[at]).isNotZero();
    assertFails(DecodeFailure.BELOW_MINIMUM, () -> SAMPLES.named(name).decoder().decode(with(encoded, at, 0)));
  }

  @Test
  void varint_aboveItsBound_isOutOfBounds() {
    assertFails(DecodeFailure.OUT_OF_BOUNDS, () -> new ByteReader(new byte[] {(byte) 0x81, 0x01}).varint(128));
  }

  @Test
  void writer_refusesWhatTheReaderWouldRefuse() {
    assertThatThrownBy(() -> new ByteWriter().varint(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteWriter().u8(256)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteWriter().u16(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteWriter().u32(1L << 32)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteWriter().bytes(Bytes.of(new byte[3]), 2)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ByteWriter().fixed(Bytes.of(new byte[3]), 2)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void utf8_malformed_isBadValue() {
    assertFails(DecodeFailure.BAD_VALUE, () -> new ByteReader(new byte[] {2, (byte) 0xC3, 0x28}).utf8(8));
    assertFails(DecodeFailure.BAD_VALUE, () -> new ByteReader(new byte[] {3, (byte) 0xED, (byte) 0xA0, (byte) 0x80}).utf8(8));
    assertFails(DecodeFailure.OUT_OF_BOUNDS, () -> new ByteReader(new byte[] {9}).utf8(8));
  }

  @Test
  void bundle_withListsOutOfOrder_isNonCanonical() {
    assertFails(DecodeFailure.NON_CANONICAL, () -> TrustBundle.decode(unsortedBundle()));
  }

  @Test
  void bundle_withADuplicateEntry_isBadValue() {
    byte[] encoded = twoRevokedBundle().encode();
    byte[] first = CredentialSerial.fromHex("0100000000000000").value().toByteArray();
    byte[] second = CredentialSerial.fromHex("0200000000000000").value().toByteArray();
    int at = indexOf(encoded, second);
    System.arraycopy(first, 0, encoded, at, first.length);
    assertFails(DecodeFailure.BAD_VALUE, () -> TrustBundle.decode(encoded));
  }

  @Test
  @Timeout(5)
  void hugeCountPrefixes_failBeforeAllocating() {
    assertFails(DecodeFailure.OUT_OF_BOUNDS, () -> TerminalBatch.decode(batchHeaderWithCount(Integer.MAX_VALUE)));
    assertFails(DecodeFailure.OUT_OF_BOUNDS, () -> TerminalBatch.decode(batchHeaderWithCount(TerminalBatch.MAX_ENTRIES + 1)));
    // Within the bound but with nothing behind it: fails on the first missing entry, allocates nothing big.
    assertFails(DecodeFailure.TRUNCATED, () -> TerminalBatch.decode(batchHeaderWithCount(TerminalBatch.MAX_ENTRIES)));
    byte[] hugeLength = new ByteWriter().raw(batchHeaderWithCount(1)).u8(1).varint(1).varint(1L << 40).toByteArray();
    assertFails(DecodeFailure.OUT_OF_BOUNDS, () -> TerminalBatch.decode(hugeLength));
    byte[] hugeRevocations = bundleUpToRevocations(TrustBundle.MAX_REVOKED_CREDENTIALS + 1);
    assertFails(DecodeFailure.OUT_OF_BOUNDS, () -> TrustBundle.decode(hugeRevocations));
    assertFails(DecodeFailure.TRUNCATED, () -> TrustBundle.decode(bundleUpToRevocations(TrustBundle.MAX_REVOKED_CREDENTIALS)));
  }

  /** {@code encoded} with one byte replaced. */
  static byte[] with(byte[] encoded, int index, int value) {
    byte[] copy = encoded.clone();
    copy[index] = (byte) value;
    return copy;
  }

  /** A receipt's currency sits right after the charged varint, which follows serial, counter and terminal id. */
  private static byte[] withCurrency(byte[] receipt, int numeric) {
    int at = 2 + 8 + 2 /* counter 200 */ + 4 + 3 /* 16800 */;
    byte[] copy = receipt.clone();
    copy[at] = (byte) (numeric >>> 8);
    copy[at + 1] = (byte) numeric;
    return copy;
  }

  private static byte[] batchHeaderWithCount(long count) {
    ByteWriter out = new ByteWriter().u8(MessageType.VERSION).u8(MessageType.TERMINAL_BATCH.wireId());
    return out.u32(7).varint(1).u32(Flight.T0.getEpochSecond()).varint(count).toByteArray();
  }

  /** A bundle prefix with no issuer keys or terminals and a revocation count of {@code count}. */
  private static byte[] bundleUpToRevocations(long count) {
    ByteWriter out = new ByteWriter().u8(MessageType.VERSION).u8(MessageType.TRUST_BUNDLE.wireId());
    out.u8(1).varint(1).u32(Flight.FLIGHT_ID).utf8("9C8881", 16).u32(Flight.T0.getEpochSecond())
        .u32(Flight.T0.getEpochSecond() + 3600);
    return out.varint(0).varint(0).varint(count).toByteArray();
  }

  private static TrustBundle twoRevokedBundle() {
    Flight f = SAMPLES.flight;
    return f.bundle(1, Flight.T0.plusSeconds(3600), List.of(f.terminal),
        List.of(CredentialSerial.fromHex("0100000000000000"), CredentialSerial.fromHex("0200000000000000")), List.of());
  }

  /** A signed bundle whose two revoked serials are swapped on the wire: same content, another order. */
  static byte[] unsortedBundle() {
    byte[] encoded = twoRevokedBundle().encode();
    int at = indexOf(encoded, CredentialSerial.fromHex("0100000000000000").value().toByteArray());
    byte[] swapped = encoded.clone();
    System.arraycopy(encoded, at + 8, swapped, at, 8);
    System.arraycopy(encoded, at, swapped, at + 8, 8);
    return swapped;
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
