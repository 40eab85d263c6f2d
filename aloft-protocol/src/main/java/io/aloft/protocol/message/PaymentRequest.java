package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Digests;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * What the terminal asks the passenger to pay, shown as a QR code. The wallet's handshake
 * authorization signs the SHA-256 of this message's encoding, so it pays exactly this request.
 *
 * <pre>
 *   version, type     u8, u8 (1, 0x04)
 *   terminalId        u32
 *   merchantId        u32
 *   amount            varint    minor units, ≥ 1
 *   currency          u16       ISO 4217 numeric
 *   itemsDigest       16 bytes  first half of SHA-256("aloft:v1:items\0" + item list)
 *   nonce             8 bytes   random per request
 *   time              u32
 *   bundleVersion     varint    the trust bundle version the terminal holds
 *   items             count ≤ 16 (0: not shown), each name (≤ 32 bytes UTF-8),
 *                     quantity varint 1..999, unitPrice varint
 *   signature         64 bytes  terminal Ed25519
 * </pre>
 * The digest always binds the line items the terminal journals; the items themselves travel only
 * when the terminal chooses to show them to the wallet (the QR code grows with them). When they
 * travel, the digest must match them and they must sum to the amount.
 */
public record PaymentRequest(
    long terminalId,
    long merchantId,
    Money amount,
    Bytes itemsDigest,
    Bytes nonce,
    Instant time,
    long bundleVersion,
    List<LineItem> items,
    Bytes signature)
    implements SignedMessage {
  public static final int DIGEST_LENGTH = 16;
  public static final int NONCE_LENGTH = 8;
  public static final int MAX_ITEMS = 16;
  private static final byte[] ITEMS_DOMAIN = "aloft:v1:items\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  public PaymentRequest {
    Wire.checkU32("terminalId", terminalId, 1);
    Wire.checkU32("merchantId", merchantId, 1);
    if (amount == null || amount.amountMinor() < 1) {
      throw new IllegalArgumentException("amount must be at least one minor unit");
    }
    Wire.checkAmount("amount", amount.amountMinor(), 1);
    if (itemsDigest == null || itemsDigest.size() != DIGEST_LENGTH) {
      throw new IllegalArgumentException("itemsDigest must be " + DIGEST_LENGTH + " bytes");
    }
    if (nonce == null || nonce.size() != NONCE_LENGTH) {
      throw new IllegalArgumentException("nonce must be " + NONCE_LENGTH + " bytes");
    }
    Wire.checkTime("time", time);
    if (bundleVersion < 0) {
      throw new IllegalArgumentException("bundleVersion must not be negative");
    }
    if (items == null || items.size() > MAX_ITEMS) {
      throw new IllegalArgumentException("at most " + MAX_ITEMS + " items travel in a request");
    }
    items = List.copyOf(items);
    if (!items.isEmpty()) {
      checkItemsMatch(items, itemsDigest, amount.amountMinor());
    }
    if (signature == null || !signature.isEmpty()) {
      Wire.checkSignature(signature);
    }
  }

  private static void checkItemsMatch(List<LineItem> items, Bytes digest, long amountMinor) {
    if (!digestOf(items).equals(digest)) {
      throw new IllegalArgumentException("items do not match itemsDigest");
    }
    long sum = 0;
    try {
      for (LineItem item : items) {
        sum = Math.addExact(sum, item.lineTotalMinor());
      }
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("items total overflows", e);
    }
    if (sum != amountMinor) {
      throw new IllegalArgumentException("items sum to " + sum + ", amount is " + amountMinor);
    }
  }

  /** The digest that binds a list of line items (empty list included). */
  public static Bytes digestOf(List<LineItem> items) {
    ByteWriter out = new ByteWriter();
    out.raw(ITEMS_DOMAIN);
    writeItems(out, items);
    return Bytes.of(Arrays.copyOf(Digests.sha256(out.toByteArray()), DIGEST_LENGTH));
  }

  private static void writeItems(ByteWriter out, List<LineItem> items) {
    out.varint(items.size());
    for (LineItem item : items) {
      out.utf8(item.name(), LineItem.MAX_NAME_BYTES).varint(item.quantity()).varint(item.unitPriceMinor());
    }
  }

  @Override
  public MessageType type() {
    return MessageType.PAYMENT_REQUEST;
  }

  public CurrencyUnit currency() {
    return amount.currency();
  }

  /** The same request without its line items on the wire (the digest still binds them). */
  public PaymentRequest withoutItems() {
    return new PaymentRequest(terminalId, merchantId, amount, itemsDigest, nonce, time, bundleVersion,
        List.of(), Bytes.empty());
  }

  public PaymentRequest signedBy(Signer terminal) {
    PaymentRequest unsigned = withSignature(Bytes.empty());
    return unsigned.withSignature(Bytes.of(terminal.sign(unsigned.signingInput())));
  }

  private PaymentRequest withSignature(Bytes newSignature) {
    return new PaymentRequest(terminalId, merchantId, amount, itemsDigest, nonce, time, bundleVersion,
        items, newSignature);
  }

  /** SHA-256 of the encoding: what a handshake authorization signs. */
  public byte[] digest() {
    return Digests.sha256(encode());
  }

  @Override
  public void writeBody(ByteWriter out) {
    Wire.writeHeader(out, type());
    out.u32(terminalId).u32(merchantId).varint(amount.amountMinor());
    Wire.writeCurrency(out, amount.currency());
    out.fixed(itemsDigest, DIGEST_LENGTH).fixed(nonce, NONCE_LENGTH);
    Wire.writeTime(out, time);
    out.varint(bundleVersion);
    writeItems(out, items);
  }

  public static PaymentRequest decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    Wire.readHeader(in, MessageType.PAYMENT_REQUEST);
    long terminalId = Wire.readId(in);
    long merchantId = Wire.readId(in);
    long amountMinor = Wire.readAmount(in, 1);
    CurrencyUnit currency = Wire.readCurrency(in);
    Bytes digest = in.fixed(DIGEST_LENGTH);
    Bytes nonce = in.fixed(NONCE_LENGTH);
    Instant time = Wire.readTime(in);
    long bundleVersion = in.varint(Long.MAX_VALUE);
    int count = in.count(MAX_ITEMS);
    LineItem[] items = new LineItem[count];
    for (int i = 0; i < count; i++) {
      String name = Wire.readText(in, LineItem.MAX_NAME_BYTES);
      long quantity = in.varint(1, LineItem.MAX_QUANTITY);
      long unitPrice = Wire.readAmount(in);
      items[i] = Wire.construct(() -> new LineItem(name, (int) quantity, unitPrice));
    }
    Bytes signature = Wire.readSignature(in);
    in.finish();
    return Wire.construct(() -> new PaymentRequest(terminalId, merchantId,
        Money.of(amountMinor, currency), digest, nonce, time, bundleVersion, List.of(items), signature));
  }
}
