package io.aloft.protocol.client;

import io.aloft.protocol.Text;
import io.aloft.protocol.crypto.Signer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.Random;

/**
 * Produces the {@code Authorization} header of one HTTP request. Called again for every attempt,
 * so a signed request gets a fresh time and nonce on each retry.
 */
@FunctionalInterface
public interface RequestAuthorizer {
  /** @param pathAndQuery the request target as sent, e.g. {@code /v1/terminal-batches} */
  String authorization(String method, String pathAndQuery, byte[] body);

  /**
   * The server refused a request as signed outside its clock skew and said what time it is;
   * a signing authorizer corrects its clock by the difference for later requests.
   */
  default void serverTimeIs(Instant serverTime) {}

  /** A bearer secret: an airline's merchant key, a wallet token, the admin key. */
  static RequestAuthorizer bearer(String secret) {
    if (secret == null || Text.isBlank(secret)) {
      throw new IllegalArgumentException("a bearer secret must not be blank");
    }
    return (method, path, body) -> "Bearer " + secret;
  }

  /**
   * An enrolled terminal signing each request with its own key ({@link RequestSignature}). A
   * device whose clock is off by more than the server allows learns the server's time from the
   * refusal and signs with the corrected time from then on.
   */
  static RequestAuthorizer terminal(Signer terminalKey, long terminalId, Clock clock, Random random) {
    if (terminalKey == null || terminalId < 1 || clock == null || random == null) {
      throw new IllegalArgumentException("a terminal authorizer needs its key, id ≥ 1, a clock and randomness");
    }
    AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);
    return new RequestAuthorizer() {
      @Override
      public String authorization(String method, String pathAndQuery, byte[] body) {
        return RequestSignature.authorization(terminalKey, terminalId, method, pathAndQuery,
            body == null ? new byte[0] : body, clock.instant().plus(offset.get()), random);
      }

      @Override
      public void serverTimeIs(Instant serverTime) {
        offset.set(Duration.between(clock.instant(), serverTime));
      }
    };
  }
}
