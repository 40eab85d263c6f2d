package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;

/**
 * One journal entry inside a terminal batch, as the exact bytes the terminal journaled. The
 * server decodes and checks each one on its own, so one bad entry gets its own outcome and does
 * not sink the batch.
 */
public sealed interface BatchEntry {
  int MAX_AUTHORIZATION_BYTES = 1024;
  int MAX_REQUEST_BYTES = 2048;
  int MAX_NOTE_BYTES = 512;

  long journalSequence();

  /** An accepted payment: the authorization, the request it answers (empty for one-scan), the receipt. */
  record Payment(long journalSequence, Bytes authorization, Bytes request, Bytes receipt)
      implements BatchEntry {
    public Payment {
      check(journalSequence);
      checkSize("authorization", authorization, 1, MAX_AUTHORIZATION_BYTES);
      checkSize("request", request, 0, MAX_REQUEST_BYTES);
      checkSize("receipt", receipt, 1, MAX_NOTE_BYTES);
    }
  }

  /** A refund note the terminal issued. */
  record Refund(long journalSequence, Bytes refundNote) implements BatchEntry {
    public Refund {
      check(journalSequence);
      checkSize("refundNote", refundNote, 1, MAX_NOTE_BYTES);
    }
  }

  private static void check(long journalSequence) {
    if (journalSequence < 0) {
      throw new IllegalArgumentException("journalSequence must not be negative: " + journalSequence);
    }
  }

  private static void checkSize(String name, Bytes bytes, int min, int max) {
    if (bytes == null || bytes.size() < min || bytes.size() > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + " bytes");
    }
  }
}
