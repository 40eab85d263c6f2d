package io.aloft.protocol.client;

import io.aloft.protocol.crypto.Signer;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Produces the {@code Authorization} header of one HTTP request. Called again for every attempt,
 * so a signed request gets a fresh time and nonce on each retry.
 */
@FunctionalInterface
public interface RequestAuthorizer {
  /** @param pathAndQuery the request target as sent, e.g. {@code /v1/terminal-batches} */
  String authorization(String method, String pathAndQuery, byte[] body);

  /** A bearer secret: an airline's merchant key, a wallet token, the admin key. */
  static RequestAuthorizer bearer(String secret) {
    if (secret == null || secret.isBlank()) {
      throw new IllegalArgumentException("a bearer secret must not be blank");
    }
    return (method, path, body) -> "Bearer " + secret;
  }

  /** An enrolled terminal signing each request with its own key ({@link RequestSignature}). */
  static RequestAuthorizer terminal(Signer terminalKey, long terminalId, Clock clock, RandomGenerator random) {
    if (terminalKey == null || terminalId < 1 || clock == null || random == null) {
      throw new IllegalArgumentException("a terminal authorizer needs its key, id ≥ 1, a clock and randomness");
    }
    return (method, path, body) -> RequestSignature.authorization(terminalKey, terminalId, method, path,
        body == null ? new byte[0] : body, clock.instant(), random);
  }
}
