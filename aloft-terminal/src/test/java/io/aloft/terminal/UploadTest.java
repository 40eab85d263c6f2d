package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.T0;
import static io.aloft.terminal.TestFlight.cny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.rules.Reason;
import io.aloft.terminal.sqlite.SqliteStorage;
import io.aloft.terminal.status.OfflineStatus;
import io.aloft.terminal.upload.BatchFiles;
import io.aloft.terminal.upload.EntryOutcome;
import io.aloft.terminal.upload.Outcome;
import io.aloft.terminal.upload.SyncReport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UploadTest extends TerminalTestCase {
  UploadTest() {
    super(1);
  }


  @BeforeEach
  void sellFivePaymentsAndRefundOne() {
    terminal = openWithSmallBatches();
    assertThat(terminal.installBundle(flight.bundle().encode()).isAccepted()).isTrue();
    for (int counter = 1; counter <= 5; counter++) {
      clock.advance(Duration.ofSeconds(30));
      // Each code is made as it is shown: one-scan codes are good for two minutes.
      terminal.accept(flight.code(flight.payers.get(0), io.aloft.protocol.message.AuthorizationKind.ONE_SCAN_EXACT,
          counter, counter * 1_000L, 1_000, false, java.util.Optional.empty(), clock.instant()).toQrText()).value();
    }
    terminal.refund(new PaymentId(flight.payers.get(0).credential().serial(), 2), cny(500)).value();
  }

  private Terminal openWithSmallBatches() {
    return Terminal.open(flight.config().withBatchMaxEntries(4), flight.terminalKey,
        SqliteStorage.open(directory.resolve("terminal.db")), clock, new java.security.SecureRandom());
  }

  private static List<EntryOutcome> settleAll(TerminalBatch batch) {
    return batch.entries().stream().map(e -> EntryOutcome.of(e.journalSequence(), Outcome.SETTLED)).toList();
  }

  @Test
  void batch_isSignedByTheTerminal_andCarriesTheJournaledDocuments() throws Exception {
    TerminalBatch batch = terminal.nextBatch().orElseThrow();
    assertThat(Signatures.verify(flight.terminalKey.publicKey(), batch.signingInput(), batch.signature())).isTrue();
    assertThat(batch.entries()).extracting(BatchEntry::journalSequence).containsExactly(1L, 2L, 3L, 4L);
    var first = (BatchEntry.Payment) batch.entries().get(0);
    assertThat(Receipt.decode(first.receipt().toByteArray()).journalSequence()).isEqualTo(1);
  }

  @Test
  void retriedBatch_hasTheSameIdAndBytes_evenAfterARestart() {
    TerminalBatch first = terminal.nextBatch().orElseThrow();
    clock.advance(Duration.ofMinutes(5));
    assertThat(terminal.nextBatch().orElseThrow().encode()).isEqualTo(first.encode());
    terminal.close();
    terminal = openWithSmallBatches();
    assertThat(terminal.nextBatch().orElseThrow().encode()).isEqualTo(first.encode());
  }

  @Test
  void outcomes_closeTheBatch_onlyWhenEveryEntryIsAnswered_andRecordingTwiceIsHarmless() {
    TerminalBatch first = terminal.nextBatch().orElseThrow();
    List<EntryOutcome> answers = List.of(EntryOutcome.of(1, Outcome.SETTLED), EntryOutcome.of(2, Outcome.DUPLICATE),
        EntryOutcome.of(3, Outcome.CONFLICT), EntryOutcome.rejected(4, Reason.CREDENTIAL_REVOKED));
    assertThatThrownBy(() -> terminal.recordOutcomes(first.batchId(), answers.subList(0, 3)))
        .isInstanceOf(IllegalArgumentException.class);

    assertThat(terminal.recordOutcomes(first.batchId(), answers)).isTrue();
    assertThat(terminal.recordOutcomes(first.batchId(), answers)).isFalse();

    TerminalBatch second = terminal.nextBatch().orElseThrow();
    assertThat(second.batchId()).isEqualTo(first.batchId() + 1);
    assertThat(second.entries()).extracting(BatchEntry::journalSequence).containsExactly(5L, 6L);
    assertThat(second.entries().get(1)).isInstanceOf(BatchEntry.Refund.class);
    terminal.recordOutcomes(second.batchId(), settleAll(second));
    assertThat(terminal.nextBatch()).isEmpty();
  }

  @Test
  void status_countsWhatTheServerHasNotAnswered() {
    OfflineStatus before = terminal.offlineStatus();
    assertThat(before.pendingPayments()).isEqualTo(5);
    assertThat(before.pendingByCurrency()).containsEntry(TestFlight.CNY, cny(5_000));
    assertThat(before.oldestPending()).contains(T0.plusSeconds(40));
    assertThat(before.journalSequence()).isEqualTo(6);

    TerminalBatch batch = terminal.nextBatch().orElseThrow();
    terminal.recordOutcomes(batch.batchId(), settleAll(batch));

    OfflineStatus after = terminal.offlineStatus();
    assertThat(after.pendingPayments()).isEqualTo(1);
    assertThat(after.pendingByCurrency()).containsEntry(TestFlight.CNY, cny(1_000));
    assertThat(after.lastAcknowledgedSequence()).isEqualTo(4);
  }

  @Test
  void sync_stopsAtAFailedUpload_andResendsTheSameBatchNextTime() {
    List<TerminalBatch> seen = new java.util.ArrayList<>();
    List<String> keys = new java.util.ArrayList<>();
    SyncReport failed = terminal.sync((batch, key) -> {
      seen.add(batch);
      keys.add(key);
      throw new IOException("timeout");
    });
    assertThat(failed.failure()).isPresent();
    assertThat(failed.batchesAnswered()).isZero();

    SyncReport done = terminal.sync((batch, key) -> {
      seen.add(batch);
      keys.add(key);
      return settleAll(batch);
    });
    assertThat(done.failure()).isEmpty();
    assertThat(done.batchesAnswered()).isEqualTo(2);
    assertThat(done.entriesAnswered()).isEqualTo(6);
    assertThat(seen.get(1).encode()).isEqualTo(seen.get(0).encode());
    assertThat(terminal.offlineStatus().pendingPayments()).isZero();
    // The resend reuses the batch's key; the next batch gets a new one that does not name the batch.
    assertThat(keys.get(1)).isEqualTo(keys.get(0));
    assertThat(keys.get(2)).isNotEqualTo(keys.get(0));
    assertThat(keys).allSatisfy(key -> assertThat(key).matches("tb-[0-9a-f]{32}"));
  }

  @Test
  void exportedBatchFile_holdsTheSignedBatch_andReExportGivesTheSameFile() throws Exception {
    Path out = directory.resolve("usb");
    java.nio.file.Files.createDirectories(out);
    Path file = terminal.exportBatch(out).orElseThrow();
    byte[] firstBytes = java.nio.file.Files.readAllBytes(file);
    assertThat(terminal.exportBatch(out)).contains(file);
    assertThat(java.nio.file.Files.readAllBytes(file)).isEqualTo(firstBytes);
    assertThat(BatchFiles.read(file).encode()).isEqualTo(terminal.nextBatch().orElseThrow().encode());
    assertThat(file.getFileName().toString()).isEqualTo("terminal-7-batch-1.alb");
    assertThat(Optional.of(file)).isPresent();
  }
}
