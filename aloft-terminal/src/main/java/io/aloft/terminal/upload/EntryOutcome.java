package io.aloft.terminal.upload;

import io.aloft.protocol.rules.Reason;
import java.util.Optional;

/** The server's answer for one journal entry of a batch. A rejection always names its reason. */
public record EntryOutcome(long journalSequence, Outcome outcome, Optional<Reason> reason) {
  public EntryOutcome {
    if (journalSequence < 1 || outcome == null || reason == null) {
      throw new IllegalArgumentException("an outcome needs sequence ≥ 1 and an outcome: " + journalSequence);
    }
    if ((outcome == Outcome.REJECTED) != reason.isPresent()) {
      throw new IllegalArgumentException("a reason comes with REJECTED and only with it: " + outcome + " " + reason);
    }
  }

  public static EntryOutcome of(long journalSequence, Outcome outcome) {
    return new EntryOutcome(journalSequence, outcome, Optional.empty());
  }

  public static EntryOutcome rejected(long journalSequence, Reason reason) {
    return new EntryOutcome(journalSequence, Outcome.REJECTED, Optional.of(reason));
  }
}
