package io.aloft.cli.terminal;

import io.aloft.protocol.message.TerminalBatch;
import io.aloft.terminal.upload.EntryOutcome;
import io.aloft.terminal.upload.Uploader;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Passes batches to another uploader and counts the outcomes the server gives, by kind and reason. */
public final class CountingUploader implements Uploader {
  private final Uploader delegate;
  private final Map<String, Integer> counts = new TreeMap<>();

  public CountingUploader(Uploader delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<EntryOutcome> upload(TerminalBatch batch, String idempotencyKey) throws IOException {
    List<EntryOutcome> outcomes = delegate.upload(batch, idempotencyKey);
    for (EntryOutcome outcome : outcomes) {
      counts.merge(key(outcome), 1, Integer::sum);
    }
    return outcomes;
  }

  /** How an outcome is counted: {@code SETTLED}, {@code DUPLICATE}, {@code CONFLICT}, {@code REJECTED <REASON>}. */
  public static String key(EntryOutcome outcome) {
    return outcome.outcome().name() + outcome.reason().map(r -> " " + r.name()).orElse("");
  }

  /** Outcomes so far: {@code SETTLED}, {@code DUPLICATE}, {@code CONFLICT}, {@code REJECTED <REASON>}. */
  public Map<String, Integer> counts() {
    return Map.copyOf(counts);
  }
}
