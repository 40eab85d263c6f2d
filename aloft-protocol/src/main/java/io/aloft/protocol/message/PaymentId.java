package io.aloft.protocol.message;

/**
 * A payment's identity: (credential serial, counter). Never derived from signature bytes,
 * because ECDSA signatures are malleable and the same payment could be presented with two.
 * Text form: {@code <serial hex>-<counter>}.
 */
public record PaymentId(CredentialSerial serial, long counter) implements Comparable<PaymentId> {
  public static final long MAX_COUNTER = 0xFFFF_FFFFL;

  public PaymentId {
    if (serial == null) {
      throw new IllegalArgumentException("serial must not be null");
    }
    if (counter < 1 || counter > MAX_COUNTER) {
      throw new IllegalArgumentException("counter must be in [1, 2^32-1]: " + counter);
    }
  }

  /** Parses the canonical text form (lowercase hex, no leading zeros); IllegalArgumentException otherwise. */
  public static PaymentId parse(String text) {
    int dash = text == null ? -1 : text.indexOf('-');
    if (dash != CredentialSerial.LENGTH * 2 || !text.matches("[0-9a-f]{16}-[1-9][0-9]{0,9}")) {
      throw new IllegalArgumentException("not a payment id: " + text);
    }
    return new PaymentId(
        CredentialSerial.fromHex(text.substring(0, dash)), Long.parseLong(text.substring(dash + 1)));
  }

  @Override
  public int compareTo(PaymentId other) {
    int bySerial = serial.compareTo(other.serial);
    return bySerial != 0 ? bySerial : Long.compare(counter, other.counter);
  }

  @Override
  public String toString() {
    return serial.hex() + "-" + counter;
  }
}
