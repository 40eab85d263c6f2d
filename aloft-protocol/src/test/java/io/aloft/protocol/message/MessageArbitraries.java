package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.FxRate;
import io.aloft.protocol.money.Money;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Arbitrary valid field values for every message. Signatures are random 64-byte strings: the
 * codec does not look inside them, and real signing would make every try cost a signature.
 */
final class MessageArbitraries {
  private static final List<CurrencyUnit> CURRENCIES = CurrencyUnit.all();

  private MessageArbitraries() {}

  static Arbitrary<Bytes> bytes(int length) {
    return Arbitraries.bytes().array(byte[].class).ofSize(length).map(Bytes::of);
  }

  static Arbitrary<Bytes> signatures() {
    return bytes(64);
  }

  static Arbitrary<CredentialSerial> serials() {
    return bytes(CredentialSerial.LENGTH).map(CredentialSerial::new);
  }

  static Arbitrary<CurrencyUnit> currencies() {
    return Arbitraries.of(CURRENCIES);
  }

  /** Edge-heavy amounts: small, varint boundaries, the bound itself. */
  static Arbitrary<Long> amounts(long min) {
    return Arbitraries.longs().between(min, Wire.MAX_AMOUNT_MINOR).withDistribution(
        net.jqwik.api.RandomDistribution.biased());
  }

  static Arbitrary<Long> u32(long min) {
    return Arbitraries.longs().between(min, Wire.MAX_U32);
  }

  static Arbitrary<Instant> times() {
    return u32(0).map(Instant::ofEpochSecond);
  }

  static Arbitrary<VerificationKey> keys() {
    return Arbitraries.of(SignatureAlgorithm.class)
        .flatMap(a -> bytes(a.publicKeyLength()).map(b -> new VerificationKey(a, b)));
  }

  static Arbitrary<VerificationKey> ed25519Keys() {
    return bytes(32).map(b -> new VerificationKey(SignatureAlgorithm.ED25519, b));
  }

  /** Any well-formed, non-blank text of 1..maxBytes UTF-8 bytes a person may be shown, non-ASCII included. */
  static Arbitrary<String> texts(int maxBytes) {
    return Arbitraries.strings().ofMinLength(1).ofMaxLength(maxBytes)
        .filter(t -> !t.isBlank() && utf8Length(t) <= maxBytes && t.codePoints().noneMatch(DisplayText::misleads));
  }

  private static int utf8Length(String text) {
    try {
      ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
          .encode(CharBuffer.wrap(text));
      return encoded.remaining();
    } catch (CharacterCodingException e) {
      return Integer.MAX_VALUE;
    }
  }

  static Arbitrary<OfflineCredential> credentials() {
    Arbitrary<Instant[]> validity = Arbitraries.integers().between(1, 0xFFFF).flatMap(hours ->
        Arbitraries.longs().between(0, Wire.MAX_U32 - hours * 3600L).map(from ->
            new Instant[] {Instant.ofEpochSecond(from), Instant.ofEpochSecond(from + hours * 3600L)}));
    return Combinators.combine(serials(), Arbitraries.integers().between(1, 255), keys(), currencies(),
            amounts(1), Arbitraries.longs().between(0, 1_000_000), validity, u32(1))
        .flatAs((serial, keyId, key, currency, perPayment, extra, window, flight) ->
            Combinators.combine(Arbitraries.integers().between(0, 255), signatures())
                .as((tier, signature) -> new OfflineCredential(serial, keyId, key, currency, perPayment,
                    Math.min(Wire.MAX_AMOUNT_MINOR, perPayment + extra), window[0], window[1], flight, tier,
                    signature)));
  }

  static Arbitrary<TerminalCertificate> certificates() {
    return Combinators.combine(Arbitraries.integers().between(1, 255), u32(1), u32(1),
            texts(TerminalCertificate.MAX_DISPLAY_NAME_BYTES), ed25519Keys(), u32(0), u32(0), signatures())
        .filter((keyId, terminal, merchant, name, key, a, b, signature) -> !a.equals(b))
        .as((keyId, terminal, merchant, name, key, a, b, signature) -> new TerminalCertificate(keyId, terminal,
            merchant, name, key, Instant.ofEpochSecond(Math.min(a, b)), Instant.ofEpochSecond(Math.max(a, b)),
            signature));
  }

  static Arbitrary<FxRate> fxRates() {
    return Combinators.combine(currencies(), currencies(), Arbitraries.longs().between(1, Long.MAX_VALUE))
        .filter((from, to, rate) -> !from.equals(to))
        .as(FxRate::new);
  }

  static Arbitrary<OneScanPolicy> oneScanPolicies() {
    Arbitrary<List<Money>> maxAmounts = Combinators.combine(Arbitraries.longs().between(1, Wire.MAX_AMOUNT_MINOR),
        currencies()).as(Money::of).list().ofMaxSize(3).uniqueElements(Money::currency);
    return Combinators.combine(Arbitraries.longs().between(OneScanPolicy.MIN_WINDOW.toSeconds(),
        OneScanPolicy.MAX_WINDOW.toSeconds()), maxAmounts)
        .as((seconds, amounts) -> new OneScanPolicy(java.time.Duration.ofSeconds(seconds), amounts));
  }

  static Arbitrary<CatalogueItem> catalogueItems() {
    Arbitrary<String> skus = Arbitraries.strings().withChars("ABCXYZabcz0189._-").ofMinLength(1)
        .ofMaxLength(CatalogueItem.MAX_SKU_BYTES).filter(s -> Character.isLetterOrDigit(s.charAt(0)));
    return Combinators.combine(skus, Arbitraries.of(Catalogue.CATEGORIES), texts(CatalogueItem.MAX_NAME_BYTES),
            texts(CatalogueItem.MAX_NAME_BYTES), Arbitraries.longs().between(1, CatalogueItem.MAX_UNIT_PRICE_MINOR)
                .withDistribution(net.jqwik.api.RandomDistribution.biased()), currencies())
        .as(CatalogueItem::new);
  }

  static Arbitrary<Catalogue> catalogues() {
    return catalogueItems().list().ofMaxSize(4).uniqueElements(CatalogueItem::sku).map(Catalogue::new);
  }

  static Arbitrary<TrustBundle> bundles() {
    Arbitrary<List<IssuerKey>> keys = Combinators.combine(Arbitraries.integers().between(1, 255), ed25519Keys())
        .as(IssuerKey::new).list().ofMaxSize(3).uniqueElements(IssuerKey::keyId);
    return Combinators.combine(Arbitraries.integers().between(1, 255), Arbitraries.longs().between(1, Long.MAX_VALUE),
            u32(1), texts(TrustBundle.MAX_FLIGHT_CODE_BYTES), u32(0), u32(1), keys,
            certificates().list().ofMaxSize(3).uniqueElements(TerminalCertificate::terminalId))
        .flatAs((signer, version, flight, code, issued, length, issuerKeys, terminals) -> Combinators.combine(
                serials().list().ofMaxSize(4).uniqueElements(), u32(0).list().ofMaxSize(4).uniqueElements(),
                credentials().list().ofMaxSize(2).uniqueElements(OfflineCredential::serial),
                fxRates().list().ofMaxSize(3).uniqueElements(r -> List.of(r.from(), r.to())), oneScanPolicies(),
                catalogues(), signatures())
            .as((revoked, revokedTerminals, manifest, rates, oneScan, catalogue, signature) -> new TrustBundle(signer,
                version, flight, code, Instant.ofEpochSecond(issued),
                Instant.ofEpochSecond(Math.min(Wire.MAX_U32, issued + length)),
                issuerKeys, terminals, revoked, revokedTerminals, manifest, rates, oneScan, catalogue, signature)))
        .filter(b -> b.expiresAt().isAfter(b.issuedAt()));
  }

  static Arbitrary<LineItem> lineItems() {
    return Combinators.combine(texts(LineItem.MAX_NAME_BYTES), Arbitraries.integers().between(1, LineItem.MAX_QUANTITY),
        Arbitraries.longs().between(0, 1_000_000_000L)).as(LineItem::new);
  }

  static Arbitrary<PaymentRequest> requests() {
    Arbitrary<List<LineItem>> items = lineItems().list().ofMaxSize(PaymentRequest.MAX_ITEMS)
        .filter(list -> list.isEmpty() || list.stream().mapToLong(LineItem::lineTotalMinor).sum() >= 1);
    return Combinators.combine(u32(1), u32(1), amounts(1), currencies(), bytes(16), bytes(8), times(),
            Arbitraries.longs().between(0, Long.MAX_VALUE))
        .flatAs((terminal, merchant, amount, currency, digest, nonce, time, version) ->
            Combinators.combine(items, signatures()).as((list, signature) -> list.isEmpty()
                ? new PaymentRequest(terminal, merchant, Money.of(amount, currency), digest, nonce, time, version,
                    list, signature)
                : new PaymentRequest(terminal, merchant,
                    Money.of(list.stream().mapToLong(LineItem::lineTotalMinor).sum(), currency),
                    PaymentRequest.digestOf(list), nonce, time, version, list, signature)));
  }

  static Arbitrary<PaymentAuthorization> authorizations() {
    Arbitrary<Optional<OfflineCredential>> embedded = credentials().optional(0.5);
    return Combinators.combine(Arbitraries.of(AuthorizationKind.class), embedded, serials(), u32(1), amounts(0),
            amounts(1), currencies().optional(0.3), times())
        .flatAs((kind, credential, serial, counter, cumulative, amount, currency, time) ->
            Combinators.combine(bytes(8), signatures()).as((nonce, signature) -> new PaymentAuthorization(kind,
                credential.map(OfflineCredential::serial).orElse(serial), credential, counter, cumulative, amount,
                currency.filter(c -> credential.map(cr -> !cr.currency().equals(c)).orElse(true)), time,
                kind == AuthorizationKind.HANDSHAKE ? nonce : Bytes.empty(), signature)));
  }

  static Arbitrary<Receipt> receipts() {
    return Combinators.combine(serials(), u32(1), u32(1), amounts(1), currencies(), bytes(16), times(),
            Arbitraries.longs().between(0, Long.MAX_VALUE))
        .flatAs((serial, counter, terminal, amount, currency, digest, time, sequence) -> signatures().map(
            signature -> new Receipt(new PaymentId(serial, counter), terminal, Money.of(amount, currency), digest,
                time, sequence, signature)));
  }

  static Arbitrary<RefundNote> refundNotes() {
    return Combinators.combine(serials(), u32(1), u32(1), u32(1), amounts(1), currencies(), times(), signatures())
        .as((serial, counter, sequence, terminal, amount, currency, time, signature) -> new RefundNote(
            new PaymentId(serial, counter), sequence, terminal, Money.of(amount, currency), time, signature));
  }

  static Arbitrary<BatchEntry> batchEntries() {
    Arbitrary<Long> sequences = Arbitraries.longs().between(0, Long.MAX_VALUE);
    Arbitrary<Bytes> authorization = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(300).map(Bytes::of);
    Arbitrary<Bytes> request = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).map(Bytes::of);
    Arbitrary<Bytes> note = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(200).map(Bytes::of);
    Arbitrary<BatchEntry> payment = Combinators.combine(sequences, authorization, request, note)
        .as(BatchEntry.Payment::new);
    Arbitrary<BatchEntry> refund = Combinators.combine(sequences, note).as(BatchEntry.Refund::new);
    return Arbitraries.oneOf(payment, refund);
  }

  static Arbitrary<TerminalBatch> batches() {
    return Combinators.combine(u32(1), Arbitraries.longs().between(1, Long.MAX_VALUE), times(),
            batchEntries().list().ofMaxSize(4), signatures())
        .as(TerminalBatch::new);
  }

  static Arbitrary<CabinDigest.Payment> cabinPayments() {
    return amounts(1).flatMap(cumulative -> Combinators.combine(u32(1), bytes(CabinDigest.DIGEST_LENGTH),
            Arbitraries.longs().between(1, cumulative))
        .as((counter, digest, charge) -> new CabinDigest.Payment(counter, digest, cumulative, charge)));
  }

  static Arbitrary<CabinDigest.Credential> cabinCredentials() {
    return Combinators.combine(serials(), cabinPayments().list().ofMinSize(1).ofMaxSize(4)
            .uniqueElements(p -> java.util.List.of(p.counter(), p.contentDigest())), amounts(0))
        .as((serial, payments, extra) -> {
          long highest = payments.stream().mapToLong(CabinDigest.Payment::cumulativeMinor).max().orElseThrow();
          return new CabinDigest.Credential(serial, Math.min(Wire.MAX_AMOUNT_MINOR, highest + extra % 1000), payments);
        });
  }

  static Arbitrary<CabinDigest> cabinDigests() {
    return Combinators.combine(u32(1), u32(1), times(), Arbitraries.longs().between(0, Long.MAX_VALUE), bytes(32),
            cabinCredentials().list().ofMaxSize(4).uniqueElements(CabinDigest.Credential::serial), signatures())
        .as(CabinDigest::new);
  }

  static Arbitrary<CabinHello> cabinHellos() {
    return Combinators.combine(u32(1), u32(1), u32(1), bytes(CabinHello.CHALLENGE_LENGTH), signatures())
        .as(CabinHello::new);
  }
}
