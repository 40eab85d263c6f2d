package io.aloft.server.settlement;

import io.aloft.protocol.Bytes;

/**
 * One uploaded item, as the exact bytes the device held: a payment (authorization, the request
 * it answers or empty, the receipt or empty) or a refund note. Decoded and judged one by one, so
 * one bad item gets its own outcome and never sinks the upload.
 */
public sealed interface Submission {
  /** The terminal's journal sequence; 0 for wallet uploads. */
  long journalSequence();

  record Payment(long journalSequence, Bytes authorization, Bytes request, Bytes receipt) implements Submission {}

  record Refund(long journalSequence, Bytes note) implements Submission {}
}
