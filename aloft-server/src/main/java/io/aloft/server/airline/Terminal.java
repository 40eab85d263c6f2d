package io.aloft.server.airline;

import io.aloft.protocol.Bytes;
import io.aloft.server.http.Secrets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/** A crew handheld registered to an airline, with the certificate the issuer signed for it. */
public record Terminal(long id, Instant createdAt, long airlineId, Bytes publicKey, String displayName,
    Bytes certificate, Optional<Instant> revokedAt) {

  /**
   * What a person compares to recognise the terminal's key: the first 16 bytes of the SHA-256 of
   * its 32-byte Ed25519 public key, in hex, in groups of four digits.
   */
  public String keyFingerprint() {
    String hex = HexFormat.of().formatHex(Secrets.sha256(publicKey.toByteArray()), 0, 16);
    StringBuilder grouped = new StringBuilder();
    for (int i = 0; i < hex.length(); i += 4) {
      if (i > 0) {
        grouped.append(' ');
      }
      grouped.append(hex, i, i + 4);
    }
    return grouped.toString();
  }
}
