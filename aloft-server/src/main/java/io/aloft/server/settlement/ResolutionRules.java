package io.aloft.server.settlement;

import io.aloft.protocol.money.CurrencyUnit;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Which resolutions fit a case, and what each moves: pure functions of the case's kind and the
 * settled acceptances it covers (docs/settlement.md, "Resolving a case").
 *
 * <ul>
 *   <li>A replay: the guarantee account paid the merchants of the further acceptances of one
 *       authorization. {@code charge_payer} makes the payer pay that back (from funds, the rest
 *       into arrears); {@code confirm} leaves the loss with the guarantee.</li>
 *   <li>A double spend: the payer was charged for every acceptance. {@code credit_payer} gives
 *       them back, from the guarantee, what no single wallet could have signed (every further
 *       content under a counter already used, or spend above the credential's total limit,
 *       whichever is more); {@code write_off} moves the arrears the case's payments left to the
 *       guarantee, as the account write-off does (the payer still owes it); {@code confirm}.</li>
 *   <li>Any other kind (conflicting receipts or refund notes): {@code confirm}.</li>
 * </ul>
 * A closed case offers nothing; an amount of zero is not offered.
 */
public final class ResolutionRules {
  private ResolutionRules() {}

  /** One settled acceptance a case covers, as the payments table holds it. */
  public record Covered(long counter, long terminalId, String contentDigestHex, boolean payerFunded,
      long chargedMinor, long refundedMinor, CurrencyUnit chargedCurrency, long payerChargedMinor,
      long payerRefundedMinor, long shortfallMinor) {}

  /**
   * A resolution that fits, with what it moves: {@code payerMinor} charged, credited or written
   * off in the payer's currency (0 for confirm), and {@code guaranteeMinor}, the change of the
   * guarantee balance a charge or credit makes (negative when the payer pays it back).
   */
  public record Offer(Resolution resolution, long payerMinor, CurrencyUnit payerCurrency, long guaranteeMinor,
      CurrencyUnit guaranteeCurrency) {}

  public static List<Offer> offers(CaseKind kind, boolean open, List<Covered> covered, CurrencyUnit payerCurrency,
      long totalLimitMinor, long arrearsMinor) {
    List<Offer> offers = new ArrayList<>();
    if (!open) {
      return offers;
    }
    if (kind == CaseKind.REPLAY) {
      chargeBack(covered, payerCurrency).ifPresent(offers::add);
    } else if (kind.revokesCredential()) {
      long disputed = disputedMinor(covered, totalLimitMinor);
      if (disputed > 0) {
        offers.add(new Offer(Resolution.CREDIT_PAYER, disputed, payerCurrency, disputed, payerCurrency));
      }
      long writeOff = Math.min(arrearsMinor, covered.stream().filter(Covered::payerFunded)
          .mapToLong(Covered::shortfallMinor).reduce(0, Math::addExact));
      if (writeOff > 0) {
        offers.add(new Offer(Resolution.WRITE_OFF, writeOff, payerCurrency, 0, payerCurrency));
      }
    }
    offers.add(new Offer(Resolution.CONFIRM, 0, payerCurrency, 0, payerCurrency));
    return offers;
  }

  /**
   * What the guarantee paid for the acceptances the payer is not charged for, less their refunds,
   * and what that is in the payer's currency at each payment's own conversion (rounded down: the
   * payer never pays a minor unit more). One authorization has one currency; acceptances in
   * several currencies offer no charge.
   */
  private static Optional<Offer> chargeBack(List<Covered> covered, CurrencyUnit payerCurrency) {
    List<Covered> guaranteed = covered.stream().filter(c -> !c.payerFunded()).toList();
    if (guaranteed.isEmpty() || guaranteed.stream().map(Covered::chargedCurrency).distinct().count() != 1) {
      return Optional.empty();
    }
    CurrencyUnit currency = guaranteed.get(0).chargedCurrency();
    long merchantMinor = 0;
    long payerMinor = 0;
    for (Covered row : guaranteed) {
      long net = row.chargedMinor() - row.refundedMinor();
      merchantMinor = Math.addExact(merchantMinor, net);
      payerMinor = Math.addExact(payerMinor, BigInteger.valueOf(row.payerChargedMinor()).multiply(BigInteger.valueOf(net))
          .divide(BigInteger.valueOf(row.chargedMinor())).longValueExact());
    }
    if (currency.equals(payerCurrency)) {
      payerMinor = merchantMinor;
    }
    return merchantMinor <= 0 || payerMinor <= 0 ? Optional.empty()
        : Optional.of(new Offer(Resolution.CHARGE_PAYER, payerMinor, payerCurrency, -merchantMinor, currency));
  }

  /**
   * Of what the payer was charged (less refunds) for the case's acceptances, what no single wallet
   * could have signed: every further content under a counter already used (all but the cheapest
   * per counter), or the spend above the credential's total limit, whichever is more.
   */
  static long disputedMinor(List<Covered> covered, long totalLimitMinor) {
    Map<Long, List<Long>> byCounter = new TreeMap<>();
    long total = 0;
    for (Covered row : covered) {
      if (row.payerFunded()) {
        long net = row.payerChargedMinor() - row.payerRefundedMinor();
        byCounter.computeIfAbsent(row.counter(), k -> new ArrayList<>()).add(net);
        total = Math.addExact(total, net);
      }
    }
    long furtherContents = 0;
    for (List<Long> charges : byCounter.values()) {
      if (charges.size() > 1) {
        long sum = charges.stream().mapToLong(Long::longValue).sum();
        furtherContents = Math.addExact(furtherContents, sum - charges.stream().mapToLong(Long::longValue).min()
            .orElseThrow());
      }
    }
    long overLimit = Math.max(0, total - totalLimitMinor);
    return Math.min(total, Math.max(furtherContents, overLimit));
  }
}
