package io.aloft.terminal.status;

import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.terminal.trust.BundleStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What a crew app shows on its status bar.
 *
 * @param pendingPayments payments journaled but not yet answered by the server
 * @param pendingByCurrency their charged totals, per payment currency
 * @param oldestPending when the oldest of them was accepted
 * @param bundle the installed trust bundle, its age and whether it still lets the terminal sell
 * @param journalSequence the last journal entry (payments and refunds)
 * @param lastAcknowledgedSequence the last entry the server has answered
 */
public record OfflineStatus(
    long pendingPayments,
    Map<CurrencyUnit, Money> pendingByCurrency,
    Optional<Instant> oldestPending,
    Optional<BundleStatus> bundle,
    long journalSequence,
    long lastAcknowledgedSequence) {
  public OfflineStatus {
    pendingByCurrency = Map.copyOf(pendingByCurrency);
  }
}
