package io.aloft.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The signed terminal request of docs/protocol.md: its vector, and that every change breaks it. */
class RequestSignatureTest {
  private static final SoftwareSigner TERMINAL = key((byte) 2);
  private static final byte[] BODY = "batch".getBytes(StandardCharsets.US_ASCII);
  private static final Instant AT = Instant.parse("2026-11-28T08:00:00Z");
  /** docs/protocol.md, "Signed terminal requests": terminal 7 (key 02 × 32), nonce a0..af. */
  static final String VECTOR = "Aloft-Terminal terminal=7,time=1795852800,nonce=oKGio6SlpqeoqaqrrK2urw,"
      + "signature=3OMFe94zF1RCBt8cDKKPwG90g9BS9GFwUnG3I5BIREiPiTVT1hz_zNRsMUgTkE5DyTdaHyLcjmX7lz1O7MusAg";

  private static SoftwareSigner key(byte fill) {
    byte[] seed = new byte[32];
    Arrays.fill(seed, fill);
    return SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, Bytes.of(seed));
  }

  /** Hands out the nonce bytes a0, a1, … af. */
  private static final Random FIXED_NONCE = new Random() {
    private static final long serialVersionUID = 1L;

    @Override
    protected int next(int bits) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) (0xa0 + i);
      }
    }
  };

  private static RequestSignature.Header vector() {
    return RequestSignature.parse(VECTOR).orElseThrow();
  }

  @Test
  void theVector_isReproducedByteForByte_andVerifies() {
    String header = RequestSignature.authorization(TERMINAL, 7, "POST", "/v1/terminal-batches", BODY, AT,
        FIXED_NONCE);

    assertThat(header).isEqualTo(VECTOR);
    assertThat(RequestSignature.verify(TERMINAL.publicKey(), vector(), "POST", "/v1/terminal-batches", BODY)).isTrue();
  }

  @Test
  void changingTheMethodPathOrBody_breaksTheSignature() {
    assertThat(RequestSignature.verify(TERMINAL.publicKey(), vector(), "GET", "/v1/terminal-batches", BODY)).isFalse();
    assertThat(RequestSignature.verify(TERMINAL.publicKey(), vector(), "POST", "/v1/terminal-batches?x=1", BODY))
        .isFalse();
    assertThat(RequestSignature.verify(TERMINAL.publicKey(), vector(), "POST", "/v1/terminal-batches",
        "batcH".getBytes(StandardCharsets.US_ASCII))).isFalse();
    assertThat(RequestSignature.verify(key((byte) 3).publicKey(), vector(), "POST", "/v1/terminal-batches", BODY))
        .isFalse();
  }

  @Test
  void changingTheTerminalTimeOrNonce_breaksTheSignature() {
    RequestSignature.Header v = vector();
    RequestSignature.Header[] changed = {
        new RequestSignature.Header(8, v.timeSeconds(), v.nonce(), v.signature()),
        new RequestSignature.Header(7, v.timeSeconds() + 1, v.nonce(), v.signature()),
        new RequestSignature.Header(7, v.timeSeconds(), "oKGio6SlpqeoqaqrrK2urA", v.signature()),
    };
    for (RequestSignature.Header header : changed) {
      assertThat(RequestSignature.verify(TERMINAL.publicKey(), header, "POST", "/v1/terminal-batches", BODY))
          .as(header.toString()).isFalse();
    }
  }

  @Test
  void flippingAnyByteOfTheSignature_breaksIt() {
    RequestSignature.Header v = vector();
    byte[] signature = v.signature().toByteArray();
    for (int i = 0; i < signature.length; i++) {
      byte[] flipped = signature.clone();
      flipped[i] ^= 0x01;
      RequestSignature.Header tampered = new RequestSignature.Header(7, v.timeSeconds(), v.nonce(), Bytes.of(flipped));
      assertThat(RequestSignature.verify(TERMINAL.publicKey(), tampered, "POST", "/v1/terminal-batches", BODY))
          .as("byte %d", i).isFalse();
    }
  }

  @Test
  void malformedHeaders_doNotParse() {
    String[] malformed = {
        "", "Aloft-Terminal", "Bearer x", VECTOR + " ", VECTOR.replace("terminal=7", "terminal=07"),
        VECTOR.replace("terminal=7", "terminal=-7"), VECTOR.replace("time=1795852800", "time=1795852800123"),
        VECTOR.replace("nonce=oKGio6SlpqeoqaqrrK2urw", "nonce=oKGio6SlpqeoqaqrrK2ur"),
        VECTOR.replace("signature=3", "signature=+"), VECTOR.replace(",time", ", time"),
        VECTOR + ",extra=1", "Aloft-Terminal " + "x".repeat(300),
    };
    for (String header : malformed) {
      assertThat(RequestSignature.parse(header)).as(header).isEmpty();
    }
    assertThat(RequestSignature.parse(null)).isEmpty();
  }
}
