package io.aloft.cli.device;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.IssuerKey;
import java.util.Base64;
import java.util.List;

/** An issuer public key as a device folder keeps it (JSON): the keys it was provisioned with. */
public record IssuerKeyView(int keyId, String publicKey) {
  public static List<IssuerKeyView> of(List<IssuerKey> keys) {
    return keys.stream().map(k -> new IssuerKeyView(k.keyId(),
        Base64.getEncoder().encodeToString(k.key().encoded().toByteArray()))).toList();
  }

  public static List<IssuerKey> toKeys(List<IssuerKeyView> views) {
    return views.stream().map(v -> new IssuerKey(v.keyId(), new VerificationKey(SignatureAlgorithm.ED25519,
        Bytes.of(Base64.getDecoder().decode(v.publicKey()))))).toList();
  }
}
