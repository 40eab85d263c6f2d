package io.aloft.terminal.journal;

/** What a journal entry records. The wire ids are stored in the journal and hashed into the chain. */
public enum EntryKind {
  /** An accepted payment: authorization, the request it answers (handshake), the signed receipt. */
  PAYMENT(1),
  /** A refund note the terminal issued for a journaled payment. */
  REFUND(2);

  private final int id;

  EntryKind(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  /** IllegalStateException for an id no version of this SDK wrote: the journal is corrupt. */
  public static EntryKind fromId(int id) {
    for (EntryKind kind : values()) {
      if (kind.id == id) {
        return kind;
      }
    }
    throw new IllegalStateException("journal holds an unknown entry kind " + id);
  }
}
