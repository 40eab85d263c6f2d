package io.aloft.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.webhook.internal.WebhookSignature;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The signature a delivery carries verifies as docs/webhooks.md says, and nothing altered does. */
class WebhookSignatureTest {
  private static final String SECRET = "aloft_whsec_3q2-7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  private static final byte[] BODY = "{\"id\":7,\"type\":\"payout.created\",\"createdAt\":\"2026-12-01T08:30:00Z\",\"data\":{}}"
      .getBytes(StandardCharsets.UTF_8);
  private static final long T = 1_796_000_000L;

  @Test
  void theHeader_isTAndV1_andMatchesAnHmacOverTimestampDotBody() {
    String header = WebhookSignature.header(SECRET, T, BODY);
    assertThat(header).matches("t=1796000000,v1=[0-9a-f]{64}");
    assertThat(ReceiverSide.verify(SECRET, header, BODY, T, 300)).isTrue();
  }

  @Test
  void aKnownVector_fromTheDocs() {
    // HMAC-SHA256(key "whsec_test", "1796000000.{}"), computed with openssl (docs/webhooks.md).
    assertThat(WebhookSignature.header("whsec_test", T, "{}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("t=1796000000,v1=" + DOC_VECTOR);
  }

  static final String DOC_VECTOR = "81c5daab910437684f6eee97ff8a30f00b03965e8cee7b0c814ceef350e5399f";

  @Test
  void everyFlippedByteOfTheBody_failsVerification() {
    String header = WebhookSignature.header(SECRET, T, BODY);
    for (int i = 0; i < BODY.length; i++) {
      byte[] tampered = BODY.clone();
      tampered[i] ^= 0x01;
      assertThat(ReceiverSide.verify(SECRET, header, tampered, T, 300)).as("byte " + i).isFalse();
    }
  }

  @Test
  void anotherSecret_anotherTimestamp_orAnOldDelivery_failVerification() {
    String header = WebhookSignature.header(SECRET, T, BODY);
    assertThat(ReceiverSide.verify(SECRET + "x", header, BODY, T, 300)).isFalse();
    assertThat(ReceiverSide.verify(SECRET, header.replace("t=" + T, "t=" + (T + 1)), BODY, T, 300)).isFalse();
    assertThat(ReceiverSide.verify(SECRET, header, BODY, T + 301, 300)).as("replayed after the tolerance").isFalse();
    assertThat(ReceiverSide.verify(SECRET, "v1=00", BODY, T, 300)).isFalse();
    assertThat(ReceiverSide.verify(SECRET, null, BODY, T, 300)).isFalse();
  }
}
