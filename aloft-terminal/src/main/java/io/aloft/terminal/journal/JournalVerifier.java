package io.aloft.terminal.journal;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.VerificationKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Walks the whole journal and checks the chain, every entry's consistency, and the signed head.
 *
 * <p><b>What it detects:</b> an entry edited (any field, any document byte), deleted from the
 * middle, inserted, or moved; a chain rewritten from an edited entry onwards (the head signature
 * no longer matches); the last entries deleted while the head still names them.
 *
 * <p><b>What it cannot detect on its own:</b> the whole database replaced by an older copy of
 * itself (its old head is validly signed), and an attacker who holds the terminal's private key.
 * Such a rollback is caught only against evidence kept elsewhere: pass the highest sequence
 * known to be journaled (from the server's last acknowledged batch, or from a receipt a
 * passenger holds) as {@code mustReach}.
 */
public final class JournalVerifier {
  public static final int MAX_PROBLEMS = 16;
  private static final int PAGE = 512;

  private JournalVerifier() {}

  public static JournalVerification verify(Journal journal, long terminalId, VerificationKey terminalKey,
      long mustReach) {
    JournalHead head = journal.head();
    List<String> problems = new ArrayList<>();
    if (!JournalChain.headSignatureValid(head, terminalId, terminalKey)) {
      problems.add("the journal head (entry " + head.sequence() + ") is not signed by this terminal");
    }
    if (head.sequence() < mustReach) {
      problems.add("the journal ends at entry " + head.sequence() + " but entry " + mustReach
          + " is known to exist: it was rolled back or truncated");
    }
    long checked = walk(journal, head, problems);
    return new JournalVerification(checked, head.sequence(), problems);
  }

  private static long walk(Journal journal, JournalHead head, List<String> problems) {
    long sequence = 0;
    Bytes hash = JournalChain.GENESIS;
    while (problems.size() < MAX_PROBLEMS) {
      List<JournalEntry> page;
      try {
        page = journal.read(sequence + 1, PAGE);
      } catch (IllegalStateException | IllegalArgumentException e) {
        problems.add("entry after " + sequence + " cannot be read back: " + e.getMessage());
        return sequence;
      }
      for (JournalEntry entry : page) {
        Optional<String> problem = JournalChain.linkProblem(sequence, hash, entry);
        if (problem.isPresent()) {
          problems.add(problem.get());
          return sequence;
        }
        sequence = entry.sequence();
        hash = entry.hash();
      }
      if (page.size() < PAGE) {
        break;
      }
    }
    if (problems.isEmpty() && (sequence != head.sequence() || !hash.equals(head.hash()))) {
      problems.add("the chain ends at entry " + sequence + " but the signed head names entry " + head.sequence());
    }
    return sequence;
  }
}
