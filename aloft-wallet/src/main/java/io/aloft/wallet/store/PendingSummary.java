package io.aloft.wallet.store;

import io.aloft.protocol.money.Money;
import java.util.List;

/**
 * The bills still pending: how many, and their signed charges summed per credential currency
 * (one entry in the usual case of one currency; none when nothing is pending).
 */
public record PendingSummary(int count, List<Money> totals) {
  public PendingSummary {
    if (count < 0 || totals == null) {
      throw new IllegalArgumentException("count must not be negative and totals must be present");
    }
    totals = List.copyOf(totals);
  }
}
