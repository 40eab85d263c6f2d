package io.aloft.terminal.upload;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.terminal.journal.EntryKind;
import io.aloft.terminal.journal.Journal;
import io.aloft.terminal.journal.JournalEntry;
import io.aloft.terminal.upload.UploadLog.StoredBatch;
import java.io.IOException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.Random;
import java.util.stream.Collectors;

/**
 * Turns the journal into signed batches and records what the server made of them.
 *
 * <p>Batches cover consecutive journal entries from the last answered one on, at most
 * {@code maxEntries} (≤ {@link TerminalBatch#MAX_ENTRIES}) each. A batch is stored as signed
 * bytes before it is handed out and stays open until every entry in it has an outcome, so every
 * retry, after any failure or restart, sends the same batch id with the same bytes, under the
 * same Idempotency-Key: 128 random bits drawn when the batch is opened and kept with it, so that
 * nobody can predict it and answer it first.
 */
public final class Uploads {
  private final long terminalId;
  private final Signer terminalKey;
  private final Journal journal;
  private final UploadLog log;
  private final int maxEntries;
  private final Random random;

  public Uploads(long terminalId, Signer terminalKey, Journal journal, UploadLog log, int maxEntries,
      Random random) {
    if (maxEntries < 1 || maxEntries > TerminalBatch.MAX_ENTRIES) {
      throw new IllegalArgumentException("maxEntries must be 1.." + TerminalBatch.MAX_ENTRIES + ": " + maxEntries);
    }
    this.terminalId = terminalId;
    this.terminalKey = terminalKey;
    this.journal = journal;
    this.log = log;
    this.maxEntries = maxEntries;
    this.random = random;
  }

  /** A batch to send and the Idempotency-Key it is always sent with. */
  public record PendingUpload(TerminalBatch batch, String idempotencyKey) {}

  /** The open batch if there is one, else a new one of unsent entries; empty when all are sent. */
  public Optional<TerminalBatch> nextBatch(Instant now) {
    return nextUpload(now).map(PendingUpload::batch);
  }

  /** As {@link #nextBatch}, with the batch's Idempotency-Key. */
  public Optional<PendingUpload> nextUpload(Instant now) {
    Optional<StoredBatch> open = log.openBatch();
    if (open.isPresent()) {
      StoredBatch stored = open.get();
      String key = stored.idempotencyKey().orElseGet(() -> {
        String fresh = newIdempotencyKey();
        log.assignIdempotencyKey(stored.batchId(), fresh);
        return fresh;
      });
      return Optional.of(new PendingUpload(readBack(stored), key));
    }
    List<JournalEntry> unsent = journal.read(log.lastAcknowledgedSequence() + 1, maxEntries);
    if (unsent.isEmpty()) {
      return Optional.empty();
    }
    TerminalBatch batch = new TerminalBatch(terminalId, log.lastBatchId() + 1, now,
        unsent.stream().map(Uploads::toBatchEntry).collect(Collectors.toList()), Bytes.empty()).signedBy(terminalKey);
    String key = newIdempotencyKey();
    log.saveOpenBatch(new StoredBatch(batch.batchId(), unsent.get(0).sequence(),
        unsent.get(unsent.size() - 1).sequence(), Bytes.of(batch.encode()), Optional.of(key)));
    return Optional.of(new PendingUpload(batch, key));
  }

  private String newIdempotencyKey() {
    byte[] bits = new byte[16];
    random.nextBytes(bits);
    return "tb-" + Bytes.of(bits).hex();
  }

  private TerminalBatch readBack(StoredBatch stored) {
    try {
      TerminalBatch batch = TerminalBatch.decode(stored.encoded().toByteArray());
      List<BatchEntry> entries = batch.entries();
      if (batch.batchId() != stored.batchId() || batch.terminalId() != terminalId || entries.isEmpty()
          || entries.get(0).journalSequence() != stored.firstSequence()
          || entries.get(entries.size() - 1).journalSequence() != stored.lastSequence()) {
        throw new IllegalStateException("stored batch " + stored.batchId() + " does not match its record");
      }
      return batch;
    } catch (DecodeException e) {
      throw new IllegalStateException("stored batch " + stored.batchId() + " does not decode", e);
    }
  }

  private static BatchEntry toBatchEntry(JournalEntry entry) {
    return entry.kind() == EntryKind.PAYMENT
        ? new BatchEntry.Payment(entry.sequence(), entry.authorization(), entry.request(), entry.document())
        : new BatchEntry.Refund(entry.sequence(), entry.document());
  }

  /**
   * Records the server's outcomes for the open batch {@code batchId}, which must name every
   * entry of the batch exactly once (IllegalArgumentException otherwise: a partial answer is a
   * failed upload, and the batch is resent). Recording a batch already answered is a no-op, so
   * a retry after a crash between upload and recording is safe. Returns whether it recorded.
   */
  public boolean recordOutcomes(long batchId, List<EntryOutcome> outcomes) {
    Optional<StoredBatch> open = log.openBatch().filter(batch -> batch.batchId() == batchId);
    if (!open.isPresent()) {
      if (batchId >= 1 && batchId <= log.lastBatchId()) {
        return false;
      }
      throw new IllegalArgumentException("batch " + batchId + " was never made by this terminal");
    }
    checkCoversBatch(readBack(open.get()), outcomes);
    log.closeBatch(batchId, outcomes);
    return true;
  }

  private static void checkCoversBatch(TerminalBatch batch, List<EntryOutcome> outcomes) {
    Set<Long> expected = new HashSet<>();
    batch.entries().forEach(entry -> expected.add(entry.journalSequence()));
    Set<Long> answered = new HashSet<>();
    for (EntryOutcome outcome : outcomes) {
      if (!expected.contains(outcome.journalSequence()) || !answered.add(outcome.journalSequence())) {
        throw new IllegalArgumentException("batch " + batch.batchId() + " has no entry "
            + outcome.journalSequence() + " or it was answered twice");
      }
    }
    if (answered.size() != expected.size()) {
      throw new IllegalArgumentException("batch " + batch.batchId() + " has " + expected.size()
          + " entries, the answer covers " + answered.size());
    }
  }

  /**
   * Uploads until everything is answered, an upload fails, or {@code maxBatches} batches went
   * through. Never throws for a failed upload: the report carries it.
   */
  public SyncReport sync(Uploader uploader, int maxBatches, java.util.function.Supplier<Instant> clock) {
    int batches = 0;
    int entries = 0;
    while (batches < maxBatches) {
      Optional<PendingUpload> pending = nextUpload(clock.get());
      if (!pending.isPresent()) {
        break;
      }
      try {
        List<EntryOutcome> outcomes = uploader.upload(pending.get().batch(), pending.get().idempotencyKey());
        recordOutcomes(pending.get().batch().batchId(), outcomes);
        entries += outcomes.size();
        batches++;
      } catch (IOException e) {
        return new SyncReport(batches, entries, Optional.of(e));
      }
    }
    return new SyncReport(batches, entries, Optional.empty());
  }
}
