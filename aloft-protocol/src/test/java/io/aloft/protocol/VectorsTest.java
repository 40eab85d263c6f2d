package io.aloft.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.protocol.Samples.Sample;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.message.MessageType;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.SignedMessage;
import io.aloft.protocol.qr.QrText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The committed test vectors in docs/vectors/protocol-vectors.json: re-created from the fixed
 * seeds byte for byte; decoded from the committed hex (and QR text), encoded again to the same
 * bytes, and verified under the committed keys where signed; and summarised in docs/protocol.md
 * with the same sizes.
 *
 * <p>After an intended layout change, rewrite the file with
 * {@code ./mvnw -pl aloft-protocol verify -Dtest='VectorsTest,InvalidVectorsTest' -Daloft.writeVectors=true}, then
 * update the size table in docs/protocol.md to the rows this test prints.
 */
class VectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Path FILE = ProjectFiles.docs().resolve("vectors/protocol-vectors.json");
  private static final Samples SAMPLES = new Samples();

  /** With -Daloft.writeVectors=true, writes the file before any test reads it. */
  @BeforeAll
  static void writeWhenAsked() throws IOException {
    if (Boolean.getBoolean("aloft.writeVectors")) {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, JSON.writeValueAsString(generate()) + "\n", StandardCharsets.UTF_8);
    }
  }

  @Test
  void recreatedFromFixedSeeds_matchesTheCommittedFileByteForByte() throws IOException {
    String generated = JSON.writeValueAsString(generate()) + "\n";
    assertThat(FILE).as("committed vectors; write them with -Daloft.writeVectors=true").exists();
    assertThat(Files.readString(FILE, StandardCharsets.UTF_8)).isEqualTo(generated);
  }

  @Test
  void committedHexAndQrText_decodeReEncodeByteForByteAndVerifyUnderTheCommittedKeys() throws Exception {
    JsonNode file = JSON.readTree(FILE.toFile());
    Map<String, VerificationKey> keys = new LinkedHashMap<>();
    file.get("keys").fields().forEachRemaining(entry -> keys.put(entry.getKey(), committedKey(entry.getValue())));
    int read = 0;
    for (JsonNode vector : file.get("vectors")) {
      String name = vector.get("name").asText();
      byte[] encoded = Bytes.fromHex(vector.get("hex").asText()).toByteArray();
      assertThat(vector.get("bytes").asInt()).as(name).isEqualTo(encoded.length);
      if (vector.has("qrText")) {
        assertThat(QrText.decode(vector.get("qrText").asText())).as(name).isEqualTo(encoded);
      }
      Object decoded = SAMPLES.all().stream().anyMatch(s -> s.name().equals(name))
          ? SAMPLES.named(name).decoder().decode(encoded)
          : httpSample(name).decoder().decode(encoded);
      assertThat(Samples.HttpDecoder.encode(decoded)).as(name + " encodes again to the committed bytes")
          .isEqualTo(encoded);
      assertThat(typeOf(decoded)).as(name).isEqualTo(vector.get("type").asText());
      if (decoded instanceof SignedMessage signed) {
        VerificationKey signer = keys.get(vector.get("signer").asText());
        Sample sample = SAMPLES.all().stream().filter(s -> s.name().equals(name)).findFirst()
            .orElse(new Sample(name, signed, signer, Optional.empty(), null));
        Sample committed = new Sample(name, signed, signer, sample.answered(), sample.decoder());
        assertThat(committed.verifies(signed)).as(name + " verifies under " + signer).isTrue();
      } else {
        assertThat(vector.has("signer")).as(name + " is not signed").isFalse();
      }
      read++;
    }
    assertThat(read).isEqualTo(SAMPLES.all().size() + SAMPLES.http().size());
  }

  @Test
  void protocolMd_showsTheDigestsAsThisCodeComputesThem() throws IOException {
    String doc = Files.readString(ProjectFiles.docs().resolve("protocol.md"), StandardCharsets.UTF_8);
    // Items digest: the preimage as the document spells it out, and both digests it names.
    List<LineItem> items = SAMPLES.requestWithItems.items();
    String preimage = "616c6f66743a76313a6974656d7300 02 06436f66666565 02 f015 0a53696c6b207363617266 01 c057";
    Bytes digest = Bytes.of(java.util.Arrays.copyOf(
        io.aloft.protocol.crypto.Digests.sha256(Bytes.fromHex(preimage.replace(" ", "")).toByteArray()), 16));
    assertThat(PaymentRequest.digestOf(items)).isEqualTo(digest).isEqualTo(SAMPLES.requestWithItems.itemsDigest());
    assertThat(doc).contains(preimage, "to `" + digest.hex() + "`",
        "`" + PaymentRequest.digestOf(List.of()).hex() + "` (vector\n`payment-request`)");
    // Content digest: the compact form of the self-contained code, and that it is the compact code's.
    PaymentAuthorization self = SAMPLES.selfContained;
    PaymentAuthorization compact = new PaymentAuthorization(self.kind(), self.serial(), Optional.empty(),
        self.counter(), self.cumulativeMinor(), self.amountMinor(), self.explicitCurrency(), self.time(),
        self.requestNonce(), Bytes.empty());
    assertThat(Bytes.of(io.aloft.protocol.crypto.Digests.sha256(compact.body()))).isEqualTo(self.contentDigest());
    String compactForm = "01 06 00 0011223344556677 c901 a0fa03 a08301 6b0a8a05";
    assertThat(Bytes.of(compact.body()).hex()).isEqualTo(compactForm.replace(" ", ""));
    assertThat(doc).contains(compactForm);
    assertThat(doc).contains("digest `" + self.contentDigest().hex() + "`",
        "begins `" + Receipt.digestOf(SAMPLES.handshake).hex() + "`");
    assertThat(SAMPLES.receipt.authorizationDigest()).isEqualTo(Receipt.digestOf(SAMPLES.handshake));
  }

  @Test
  void theLargeBundle_writesItsRevocationCountAsATwoByteVarint() throws Exception {
    byte[] encoded = SAMPLES.bundleWith200Revocations.encode();
    // Behind the one terminal certificate (length-free: a whole message) comes the revocation count.
    byte[] certificate = SAMPLES.flight.terminal.encode();
    int at = indexOf(encoded, certificate) + certificate.length;
    assertThat(Bytes.of(java.util.Arrays.copyOfRange(encoded, at, at + 2)).hex()).isEqualTo("c801");
    assertThat(io.aloft.protocol.message.TrustBundle.decode(encoded).revokedCredentials()).hasSize(200);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (java.util.Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  private static Samples.HttpSample httpSample(String name) {
    return SAMPLES.http().stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no sample named " + name));
  }

  private static String typeOf(Object decoded) {
    MessageType type = decoded instanceof SignedMessage signed ? signed.type()
        : decoded instanceof io.aloft.protocol.message.WalletUpload ? MessageType.WALLET_UPLOAD
        : MessageType.OUTCOME_QUERY;
    return typeName(type);
  }

  private static String typeName(MessageType type) {
    return type.name().toLowerCase().replace('_', '-');
  }

  @Test
  void protocolMd_listsEverySizeThisCodeMeasuresAndTheWorkedExample() throws IOException {
    String doc = Files.readString(ProjectFiles.docs().resolve("protocol.md"), StandardCharsets.UTF_8);
    StringBuilder rows = new StringBuilder();
    for (Sample sample : SAMPLES.all()) {
      rows.append(sizeRow(sample)).append('\n');
    }
    System.out.print(rows);
    for (String row : rows.toString().split("\n")) {
      assertThat(doc).as("docs/protocol.md size table").contains(row);
    }
    // The worked example in the document is the committed vector, byte for byte.
    assertThat(doc).contains(Bytes.of(SAMPLES.request.encode()).hex(), Bytes.of(SAMPLES.handshake.encode()).hex(),
        SAMPLES.handshake.toQrText());
  }

  /** One row of the size table in docs/protocol.md. */
  static String sizeRow(Sample sample) {
    String text = sample.message().toQrText();
    return "| `" + sample.name() + "` | " + sample.message().encode().length + " | " + text.length() + " | "
        + QrSizes.measure(text).version() + " |";
  }

  private static VerificationKey committedKey(JsonNode key) {
    SignatureAlgorithm algorithm = SignatureAlgorithm.valueOf(key.get("algorithm").asText());
    SoftwareSigner signer = SoftwareSigner.fromPrivateKey(algorithm, Bytes.fromHex(key.get("privateKey").asText()));
    assertThat(signer.publicKey().encoded().hex()).isEqualTo(key.get("publicKey").asText());
    return signer.publicKey();
  }

  private static ObjectNode generate() {
    ObjectNode root = JSON.createObjectNode();
    root.put("description", "Aloft protocol v1 test vectors, generated by VectorsTest from fixed seeds "
        + "(Ed25519 and RFC 6979 deterministic ECDSA). See docs/protocol.md.");
    ObjectNode keys = root.putObject("keys");
    key(keys, "issuer", SAMPLES.flight.issuer);
    key(keys, "terminal", SAMPLES.flight.terminalKey);
    key(keys, "device", SAMPLES.flight.device);
    ArrayNode vectors = root.putArray("vectors");
    for (Sample sample : SAMPLES.all()) {
      ObjectNode vector = vectors.addObject();
      String text = sample.message().toQrText();
      vector.put("name", sample.name());
      vector.put("type", sample.message().type().name().toLowerCase().replace('_', '-'));
      vector.put("signer", signerName(sample.signer()));
      sample.answered().ifPresent(request -> vector.put("answersRequest", "payment-request"));
      vector.put("bytes", sample.message().encode().length);
      vector.put("qrChars", text.length());
      vector.put("qrVersionM", QrSizes.measure(text).version());
      vector.put("hex", Bytes.of(sample.message().encode()).hex());
      vector.put("qrText", text);
    }
    // Messages that travel over HTTP: no QR fields, and no signer when unsigned.
    for (Samples.HttpSample sample : SAMPLES.http()) {
      ObjectNode vector = vectors.addObject();
      vector.put("name", sample.name());
      vector.put("type", typeName(sample.type()));
      sample.signer().ifPresent(key -> vector.put("signer", signerName(key)));
      vector.put("bytes", sample.encoded().length);
      vector.put("hex", Bytes.of(sample.encoded()).hex());
    }
    return root;
  }

  private static void key(ObjectNode keys, String name, SoftwareSigner signer) {
    ObjectNode key = keys.putObject(name);
    key.put("algorithm", signer.algorithm().name());
    key.put("privateKey", signer.privateKey().hex());
    key.put("publicKey", signer.publicKey().encoded().hex());
  }

  private static String signerName(VerificationKey key) {
    if (key.equals(SAMPLES.flight.issuer.publicKey())) {
      return "issuer";
    }
    return key.equals(SAMPLES.flight.terminalKey.publicKey()) ? "terminal" : "device";
  }
}
