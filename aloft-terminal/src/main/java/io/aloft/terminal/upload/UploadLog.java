package io.aloft.terminal.upload;

import io.aloft.protocol.Bytes;
import java.util.List;
import java.util.Optional;

/**
 * Which journal entries have been put in a batch, and what the server said about them. Batches
 * cover consecutive journal sequences; at most one is open (sent, not yet answered) at a time,
 * and it is kept as the exact signed bytes so that a retry resends it unchanged.
 */
public interface UploadLog {
  Optional<StoredBatch> openBatch();

  /** The last sequence of the newest answered batch; 0 before the first. */
  long lastAcknowledgedSequence();

  /** The newest batch id used, open or answered; 0 before the first. */
  long lastBatchId();

  /** Records a new open batch durably; IllegalStateException if one is open already. */
  void saveOpenBatch(StoredBatch batch);

  /** Records every entry's outcome and closes the batch, in one transaction. */
  void closeBatch(long batchId, List<EntryOutcome> outcomes);

  Optional<EntryOutcome> outcome(long journalSequence);

  /**
   * An open or answered batch.
   *
   * @param idempotencyKey the random Idempotency-Key every upload of this batch sends; empty only
   *     for a batch opened before the terminal kept one (a key is then assigned on next use)
   */
  record StoredBatch(long batchId, long firstSequence, long lastSequence, Bytes encoded,
      Optional<String> idempotencyKey) {
    public StoredBatch {
      if (batchId < 1 || firstSequence < 1 || lastSequence < firstSequence || encoded == null || encoded.isEmpty()
          || idempotencyKey == null) {
        throw new IllegalArgumentException("batch " + batchId + " covers " + firstSequence + ".." + lastSequence);
      }
    }
  }

  /** Gives the open batch {@code batchId} an Idempotency-Key; IllegalStateException if it has one or is not open. */
  void assignIdempotencyKey(long batchId, String idempotencyKey);
}
