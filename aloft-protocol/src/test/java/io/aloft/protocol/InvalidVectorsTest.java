package io.aloft.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CabinHello;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.OutcomeQuery;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.message.WalletUpload;
import io.aloft.protocol.qr.QrText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/vectors/invalid-vectors.json: inputs with exactly one fault each, and the failure a decoder
 * names for it. Made from the valid vectors by changing a few bytes (so their signatures no longer
 * verify; decoding does not look at them). Rewritten, like the valid vectors, with
 * {@code -Daloft.writeVectors=true}.
 */
class InvalidVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path FILE = ProjectFiles.docs().resolve("vectors/invalid-vectors.json");
  private static final Samples SAMPLES = new Samples();

  /** How to read bytes as one kind of message; the keys are the "decodeAs" names of the file. */
  @FunctionalInterface
  interface Decoder {
    Object decode(byte[] encoded) throws DecodeException;
  }

  private static final Map<String, Decoder> DECODERS = Map.ofEntries(
      Map.entry("credential", OfflineCredential::decode),
      Map.entry("terminal-certificate", TerminalCertificate::decode),
      Map.entry("trust-bundle", TrustBundle::decode),
      Map.entry("payment-request", PaymentRequest::decode),
      Map.entry("payment-authorization", PaymentAuthorization::decode),
      Map.entry("receipt", Receipt::decode),
      Map.entry("refund-note", RefundNote::decode),
      Map.entry("terminal-batch", TerminalBatch::decode),
      Map.entry("settlement-report", SettlementReport::decode),
      Map.entry("wallet-upload", WalletUpload::decode),
      Map.entry("outcome-query", OutcomeQuery::decode),
      Map.entry("cabin-digest", CabinDigest::decode),
      Map.entry("cabin-hello", CabinHello::decode),
      Map.entry("qr-text", text -> QrText.decode(new String(text, StandardCharsets.US_ASCII))));

  record Invalid(String name, String decodeAs, byte[] input, DecodeFailure failure, String fault) {}

  /** With -Daloft.writeVectors=true, writes the file before any test reads it. */
  @BeforeAll
  static void writeWhenAsked() throws IOException {
    if (Boolean.getBoolean("aloft.writeVectors")) {
      Files.writeString(FILE, JSON.writeValueAsString(generate()) + "\n", StandardCharsets.UTF_8);
    }
  }

  @Test
  void recreated_matchesTheCommittedFileByteForByte() throws IOException {
    String generated = JSON.writeValueAsString(generate()) + "\n";
    assertThat(FILE).as("committed invalid vectors; write them with -Daloft.writeVectors=true").exists();
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8)).isEqualTo(generated);
  }

  @Test
  void everyCommittedInput_failsWithItsCommittedFailure_andTogetherTheyCoverEveryFailure() throws IOException {
    JsonNode file = JSON.readTree(FILE.toFile());
    Set<DecodeFailure> covered = EnumSet.noneOf(DecodeFailure.class);
    for (JsonNode vector : file.get("vectors")) {
      String name = vector.get("name").asText();
      Decoder decoder = DECODERS.get(vector.get("decodeAs").asText());
      byte[] input = vector.has("qrText") ? vector.get("qrText").asText().getBytes(StandardCharsets.US_ASCII)
          : Bytes.fromHex(vector.get("hex").asText()).toByteArray();
      DecodeFailure failure = DecodeFailure.valueOf(vector.get("failure").asText());
      assertThatThrownBy(() -> decoder.decode(input)).as(name).isInstanceOfSatisfying(DecodeException.class,
          e -> assertThat(e.failure()).as(name + ": " + e.getMessage()).isEqualTo(failure));
      covered.add(failure);
    }
    assertThat(covered).containsExactlyInAnyOrder(DecodeFailure.values());
  }

  private static List<Invalid> cases() {
    byte[] receipt = SAMPLES.receipt.encode();
    byte[] certificate = SAMPLES.flight.terminal.encode();
    byte[] bundle = SAMPLES.bundleWith200Revocations.encode();
    byte[] report = SAMPLES.batchReport.encode();
    String serial = Flight.SERIAL.value().hex();
    List<Invalid> cases = new ArrayList<>();
    cases.add(new Invalid("receipt-without-its-last-byte", "receipt", Arrays.copyOf(receipt, receipt.length - 1),
        DecodeFailure.TRUNCATED, "vector receipt without its last byte"));
    cases.add(new Invalid("receipt-with-a-byte-after-it", "receipt", Arrays.copyOf(receipt, receipt.length + 1),
        DecodeFailure.TRAILING_BYTES, "vector receipt, then 00"));
    cases.add(new Invalid("receipt-of-version-2", "receipt", with(receipt, 0, 2),
        DecodeFailure.UNKNOWN_VERSION, "vector receipt with version byte 02"));
    cases.add(new Invalid("refund-note-read-as-a-receipt", "receipt", SAMPLES.refund.encode(),
        DecodeFailure.UNKNOWN_TYPE, "vector refund-note (type 08) read as a receipt (type 07)"));
    cases.add(new Invalid("outcome-query-count-with-a-redundant-zero-group", "outcome-query",
        hex("010c" + "8100" + serial + "c801"), DecodeFailure.NON_CANONICAL, "the count 1 written 81 00"));
    int firstRevoked = indexOf(bundle, certificate) + certificate.length + 2;
    byte[] swapped = bundle.clone();
    System.arraycopy(bundle, firstRevoked + 8, swapped, firstRevoked, 8);
    System.arraycopy(bundle, firstRevoked, swapped, firstRevoked + 8, 8);
    cases.add(new Invalid("trust-bundle-revocations-out-of-order", "trust-bundle", swapped,
        DecodeFailure.NON_CANONICAL, "vector trust-bundle-200-revocations with its first two revoked serials swapped"));
    byte[] twice = bundle.clone();
    System.arraycopy(bundle, firstRevoked, twice, firstRevoked + 8, 8);
    cases.add(new Invalid("trust-bundle-a-revocation-twice", "trust-bundle", twice,
        DecodeFailure.BAD_VALUE, "vector trust-bundle-200-revocations with its first revoked serial written twice"));
    cases.add(new Invalid("outcome-query-of-101-ids", "outcome-query", hex("010c65"),
        DecodeFailure.OUT_OF_BOUNDS, "a count of 101, above 100 (nothing follows: refused before reading on)"));
    cases.add(new Invalid("outcome-query-counter-of-2^32", "outcome-query", hex("010c01" + serial + "8080808010"),
        DecodeFailure.OUT_OF_BOUNDS, "a counter of 2^32, above 2^32-1"));
    cases.add(new Invalid("outcome-query-counter-in-ten-bytes", "outcome-query",
        hex("010c01" + serial + "ffffffffffffffffff01"), DecodeFailure.OUT_OF_BOUNDS, "a varint of 10 bytes"));
    cases.add(new Invalid("outcome-query-counter-0", "outcome-query", hex("010c01" + serial + "00"),
        DecodeFailure.BELOW_MINIMUM, "a counter of 0, below 1"));
    cases.add(new Invalid("receipt-of-terminal-0", "receipt", with(receipt, 15, 0),
        DecodeFailure.BELOW_MINIMUM, "vector receipt with terminalId 0"));
    cases.add(new Invalid("terminal-certificate-with-an-empty-name", "terminal-certificate",
        withName(certificate, ""), DecodeFailure.BELOW_MINIMUM, "vector terminal-certificate with displayName \"\""));
    cases.add(new Invalid("wallet-upload-with-an-empty-authorization", "wallet-upload", hex("010b01" + "00000000"),
        DecodeFailure.BELOW_MINIMUM, "one bill whose authorization is 0 bytes"));
    cases.add(new Invalid("receipt-in-currency-999", "receipt", withU16(receipt, 19, 999),
        DecodeFailure.BAD_VALUE, "vector receipt with currency 999, not in the table"));
    String name = SAMPLES.flight.terminal.displayName();
    cases.add(new Invalid("terminal-certificate-with-a-blank-name", "terminal-certificate",
        withName(certificate, "\u00a0".repeat(name.length() / 2)), DecodeFailure.BAD_VALUE,
        "vector terminal-certificate with a displayName of no-break spaces"));
    cases.add(new Invalid("terminal-certificate-with-a-right-to-left-override", "terminal-certificate",
        withName(certificate, "Cart \u202e1"), DecodeFailure.BAD_VALUE,
        "vector terminal-certificate with U+202E in its displayName"));
    byte[] malformed = withName(certificate, "Cart 1");
    malformed[indexOf(malformed, "Cart 1".getBytes(StandardCharsets.US_ASCII)) + 4] = (byte) 0xFF;
    cases.add(new Invalid("terminal-certificate-with-malformed-utf-8", "terminal-certificate", malformed,
        DecodeFailure.BAD_VALUE, "vector terminal-certificate with the byte ff in its displayName"));
    cases.add(new Invalid("handshake-with-flag-bit-3", "payment-authorization",
        with(SAMPLES.handshake.encode(), 2, 0x08), DecodeFailure.BAD_VALUE, "vector handshake-authorization with flags 08"));
    cases.add(new Invalid("settlement-report-outcome-6", "settlement-report", with(report, 29, 6),
        DecodeFailure.BAD_VALUE, "vector settlement-report-terminal-batch with outcome 6 in its first entry"));
    cases.add(new Invalid("settlement-report-rejected-without-a-reason", "settlement-report", with(report, 29, 4),
        DecodeFailure.BAD_VALUE, "vector settlement-report-terminal-batch with its first entry REJECTED, reason empty"));
    byte[] settledWithReason = new ByteWriter().raw(Arrays.copyOf(report, 30)).utf8("MALFORMED", 32)
        .raw(Arrays.copyOfRange(report, 31, report.length)).toByteArray();
    cases.add(new Invalid("settlement-report-settled-with-a-reason", "settlement-report", settledWithReason,
        DecodeFailure.BAD_VALUE, "vector settlement-report-terminal-batch with reason MALFORMED on a SETTLED entry"));
    cases.add(new Invalid("qr-text-of-version-2", "qr-text",
        ("AL2" + SAMPLES.receipt.toQrText().substring(3)).getBytes(StandardCharsets.US_ASCII),
        DecodeFailure.BAD_TEXT, "vector receipt's QR text with the prefix AL2"));
    return cases;
  }

  private static ObjectNode generate() {
    ObjectNode root = JSON.createObjectNode();
    root.put("description", "Aloft protocol v1 inputs with one fault each: decoding \"hex\" (or \"qrText\") as "
        + "\"decodeAs\" fails with \"failure\", a DecodeFailure of docs/protocol.md section 4. Generated by "
        + "InvalidVectorsTest from the valid vectors in protocol-vectors.json.");
    ArrayNode vectors = root.putArray("vectors");
    for (Invalid invalid : cases()) {
      ObjectNode vector = vectors.addObject();
      vector.put("name", invalid.name());
      vector.put("decodeAs", invalid.decodeAs());
      if (invalid.decodeAs().equals("qr-text")) {
        vector.put("qrText", new String(invalid.input(), StandardCharsets.US_ASCII));
      } else {
        vector.put("hex", Bytes.of(invalid.input()).hex());
      }
      vector.put("failure", invalid.failure().name());
      vector.put("fault", invalid.fault());
    }
    return root;
  }

  private static byte[] hex(String hex) {
    return Bytes.fromHex(hex).toByteArray();
  }

  private static byte[] with(byte[] encoded, int index, int value) {
    byte[] copy = encoded.clone();
    copy[index] = (byte) value;
    return copy;
  }

  private static byte[] withU16(byte[] encoded, int index, int value) {
    return with(with(encoded, index, value >> 8), index + 1, value & 0xFF);
  }

  /** The certificate's encoding with its display name (one length byte, then UTF-8) replaced. */
  private static byte[] withName(byte[] certificate, String name) {
    byte[] old = SAMPLES.flight.terminal.displayName().getBytes(StandardCharsets.UTF_8);
    int at = indexOf(certificate, old);
    return new ByteWriter().raw(Arrays.copyOf(certificate, at - 1)).utf8(name, 48)
        .raw(Arrays.copyOfRange(certificate, at + old.length, certificate.length)).toByteArray();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }
}
