package io.aloft.server.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of {@code Aloft-Signature}, written from docs/webhooks.md ("Verifying a
 * delivery") and nothing else: the tests verify deliveries the way an integrator would.
 */
public final class ReceiverSide {
  private ReceiverSide() {}

  /** True when the header signs this body with this secret, at most {@code toleranceSeconds} from {@code nowSeconds}. */
  public static boolean verify(String secret, String header, byte[] body, long nowSeconds, long toleranceSeconds) {
    if (header == null) {
      return false;
    }
    long timestamp = -1;
    String v1 = null;
    for (String part : header.split(",")) {
      String[] pair = part.split("=", 2);
      if (pair.length != 2) {
        return false;
      }
      if (pair[0].equals("t")) {
        try {
          timestamp = Long.parseLong(pair[1]);
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (pair[0].equals("v1")) {
        v1 = pair[1];
      }
    }
    if (timestamp < 0 || v1 == null || Math.abs(nowSeconds - timestamp) > toleranceSeconds) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      byte[] expected = mac.doFinal(body);
      return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1));
    } catch (IllegalArgumentException | java.security.GeneralSecurityException e) {
      return false;
    }
  }
}
