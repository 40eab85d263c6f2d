package io.aloft.terminal.sale;

import io.aloft.protocol.Bytes;
import java.time.Instant;
import java.util.Optional;

/**
 * The payment requests this terminal has shown and may still see answered, by nonce. Kept
 * durably so that a restart between showing a request and scanning its answer loses nothing.
 * Bounded: only the newest {@code keepAtMost} are kept.
 */
public interface RequestStore {
  void saveRequest(Bytes nonce, Bytes encodedRequest, Instant createdAt, int keepAtMost);

  Optional<Bytes> request(Bytes nonce);
}
