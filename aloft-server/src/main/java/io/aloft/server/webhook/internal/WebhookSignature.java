package io.aloft.server.webhook.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code Aloft-Signature} header of a delivery, as Stripe signs webhooks:
 * {@code t=<unix seconds>,v1=<hex HMAC-SHA256>}, the MAC keyed with the endpoint's signing secret
 * (its UTF-8 bytes) over {@code <t>.<body>}. The time inside the MAC lets a receiver refuse a
 * replay of an old delivery; docs/webhooks.md shows how to verify it.
 */
public final class WebhookSignature {
  public static final String HEADER = "Aloft-Signature";

  private WebhookSignature() {}

  public static String header(String secret, long unixSeconds, byte[] body) {
    return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(mac(secret, unixSeconds, body));
  }

  static byte[] mac(String secret, long unixSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((unixSeconds + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
