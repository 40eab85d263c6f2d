package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import java.security.SecureRandom;

/**
 * The pseudonymous, random identifier of an offline credential: 8 bytes, unique per issuer
 * (the issuer checks uniqueness when it draws one). It is what travels in codes instead of the
 * passenger's identity.
 */
public record CredentialSerial(Bytes value) implements Comparable<CredentialSerial> {
  public static final int LENGTH = 8;

  public CredentialSerial {
    if (value == null || value.size() != LENGTH) {
      throw new IllegalArgumentException("credential serial must be " + LENGTH + " bytes");
    }
  }

  public static CredentialSerial random(SecureRandom random) {
    byte[] bytes = new byte[LENGTH];
    random.nextBytes(bytes);
    return new CredentialSerial(Bytes.of(bytes));
  }

  public static CredentialSerial fromHex(String hex) {
    return new CredentialSerial(Bytes.fromHex(hex));
  }

  public String hex() {
    return value.hex();
  }

  @Override
  public int compareTo(CredentialSerial other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return hex();
  }
}
