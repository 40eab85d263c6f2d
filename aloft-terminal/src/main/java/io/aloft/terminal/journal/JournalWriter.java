package io.aloft.terminal.journal;

import io.aloft.protocol.crypto.Signer;

/**
 * Appends entries to the chain: links each to the committed head, hashes it, signs the new
 * head with the terminal key, and hands both to the journal in one durable write. Not
 * thread-safe; the terminal serialises every write.
 */
public final class JournalWriter {
  private final Journal journal;
  private final long terminalId;
  private final Signer terminalKey;

  public JournalWriter(Journal journal, long terminalId, Signer terminalKey) {
    this.journal = journal;
    this.terminalId = terminalId;
    this.terminalKey = terminalKey;
  }

  /** The sequence the next entry will get; receipts and refund notes carry it. */
  public long nextSequence() {
    return journal.head().sequence() + 1;
  }

  /**
   * Writes {@code draft} (whose chain hashes are ignored) as the next entry and returns it as
   * committed. Returns only after COMMIT; throws, having stored nothing, otherwise.
   */
  public JournalEntry append(JournalEntry draft) {
    JournalHead head = journal.head();
    if (draft.sequence() != head.sequence() + 1) {
      throw new IllegalStateException("entry " + draft.sequence() + " drafted, but the head is " + head.sequence());
    }
    JournalEntry entry = draft.chainedTo(head.hash());
    journal.append(entry, JournalChain.signHead(entry, terminalId, terminalKey));
    return entry;
  }
}
