package io.aloft.wallet.status;

import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.wallet.store.PendingSummary;
import io.aloft.wallet.store.SpendState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the passenger sees on the wallet's home screen while offline: what they can still spend,
 * and what they have signed that has not been settled.
 *
 * @param allowance empty when not enrolled
 * @param pendingCount bills not yet settled, refunded, disputed or rejected, across credentials
 * @param pendingTotals their signed charges, one entry per credential currency
 */
public record OfflineStatus(Optional<Allowance> allowance, int pendingCount, List<Money> pendingTotals) {
  public OfflineStatus {
    if (allowance == null || pendingCount < 0 || pendingTotals == null) {
      throw new IllegalArgumentException("status fields must be present and counts not negative");
    }
    pendingTotals = List.copyOf(pendingTotals);
  }

  /**
   * The active credential's limits and use.
   *
   * @param remaining what further payments may add up to: total limit minus {@code spent}, and
   *     zero outside the credential's validity window
   * @param spent the cumulative spend signed so far
   */
  public record Allowance(CredentialSerial serial, Money perPaymentLimit, Money totalLimit, Money spent,
      Money remaining, Instant validFrom, Instant validUntil) {}

  public static OfflineStatus of(Optional<OfflineCredential> credential, SpendState spend, PendingSummary pending,
      Instant now) {
    return new OfflineStatus(credential.map(c -> allowance(c, spend, now)), pending.count(), pending.totals());
  }

  private static Allowance allowance(OfflineCredential credential, SpendState spend, Instant now) {
    Money spent = Money.of(spend.cumulativeMinor(), credential.currency());
    Money remaining = credential.isValidAt(now) ? credential.totalLimit().minus(spent) : Money.zero(credential.currency());
    return new Allowance(credential.serial(), credential.perPaymentLimit(), credential.totalLimit(), spent, remaining,
        credential.validFrom(), credential.validUntil());
  }

  /** What is left to spend, if enrolled. */
  public Optional<Money> remainingAllowance() {
    return allowance.map(Allowance::remaining);
  }

  /** The pending total in {@code currency}; zero if nothing in it is pending. */
  public Money pendingTotal(CurrencyUnit currency) {
    return pendingTotals.stream().filter(m -> m.currency().equals(currency)).findFirst()
        .orElse(Money.zero(currency));
  }
}
