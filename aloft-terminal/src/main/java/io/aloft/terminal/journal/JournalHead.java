package io.aloft.terminal.journal;

import io.aloft.protocol.Bytes;

/**
 * The last entry of the journal: its sequence and chain hash, signed by the terminal key. The
 * signature is what makes rewriting the chain detectable: anyone can recompute SHA-256 over
 * edited rows, but not sign the new head without the terminal's key.
 *
 * @param sequence 0 for the empty journal
 * @param hash the chain hash of entry {@code sequence} ({@link JournalChain#GENESIS} when empty)
 * @param signature terminal Ed25519 over {@link JournalChain#headSigningInput}; empty when empty
 */
public record JournalHead(long sequence, Bytes hash, Bytes signature) {
  public static final JournalHead EMPTY = new JournalHead(0, JournalChain.GENESIS, Bytes.empty());

  public JournalHead {
    if (sequence < 0 || hash == null || hash.size() != JournalChain.HASH_LENGTH || signature == null) {
      throw new IllegalArgumentException("journal head needs sequence ≥ 0 and a 32-byte hash: " + sequence);
    }
    if (sequence == 0 != signature.isEmpty()) {
      throw new IllegalArgumentException("only the empty journal has an unsigned head");
    }
  }
}
