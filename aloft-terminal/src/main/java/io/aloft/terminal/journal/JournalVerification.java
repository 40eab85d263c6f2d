package io.aloft.terminal.journal;

import java.util.List;

/**
 * What {@link JournalVerifier} found.
 *
 * @param entriesChecked entries read and checked before the first problem (all of them if intact)
 * @param headSequence the sequence the signed head claims
 * @param problems at most {@link JournalVerifier#MAX_PROBLEMS} descriptions; empty when intact
 */
public record JournalVerification(long entriesChecked, long headSequence, List<String> problems) {
  public JournalVerification {
    problems = List.copyOf(problems);
  }

  public boolean intact() {
    return problems.isEmpty();
  }
}
