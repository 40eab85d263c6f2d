package io.aloft.wallet.sync;

import io.aloft.protocol.message.PaymentId;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.bills.BillState;
import io.aloft.wallet.bills.Outcomes;
import io.aloft.wallet.issuer.BillUpload;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.issuer.OutcomeReport;
import io.aloft.wallet.issuer.PaymentOutcome;
import io.aloft.wallet.store.WalletStore;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * After landing: uploads pending bills in batches of {@link IssuerClient#MAX_BATCH} and applies
 * the issuer's answer to each upload with {@link Outcomes}. Those answers compare each bill's
 * signed content with what settled under its payment id, so the bill of a cloned wallet that
 * reused a counter ends DISPUTED, never SETTLED. Each batch is applied and stored
 * before the next is sent, so a sync cut off by the network keeps what it learned; running it
 * again re-sends only what is still pending, which the issuer treats as duplicates.
 */
public final class Synchronizer {
  /** At most this many batches per sync: 10,000 bills, far more than one flight makes. */
  public static final int MAX_BATCHES = 100;

  private final WalletStore store;
  private final IssuerClient issuer;

  public Synchronizer(WalletStore store, IssuerClient issuer) {
    this.store = store;
    this.issuer = issuer;
  }

  public SyncReport sync() throws IssuerException {
    Optional<PaymentId> after = Optional.empty();
    int uploaded = 0;
    int updated = 0;
    int ignored = 0;
    for (int batch = 0; batch < MAX_BATCHES; batch++) {
      List<Bill> pending = store.bills(Optional.of(BillState.PENDING), after, IssuerClient.MAX_BATCH);
      if (pending.isEmpty()) {
        return new SyncReport(uploaded, updated, ignored, true);
      }
      OutcomeReport report = issuer.uploadBills(Collections.unmodifiableList(
          pending.stream().map(Synchronizer::upload).collect(Collectors.toList())));
      uploaded += pending.size();
      Applied applied = apply(pending, report.outcomes());
      updated += applied.updated();
      ignored += applied.ignored();
      after = Optional.of(pending.get(pending.size() - 1).paymentId());
    }
    boolean more = !store.bills(Optional.of(BillState.PENDING), after, 1).isEmpty();
    return new SyncReport(uploaded, updated, ignored, !more);
  }

  private static BillUpload upload(Bill bill) {
    return new BillUpload(bill.authorization(), bill.request(), bill.receipt(), bill.refunds());
  }

  private record Applied(int updated, int ignored) {}

  /** Outcomes for payments not in this batch are ignored. */
  private Applied apply(List<Bill> batch, List<PaymentOutcome> outcomes) {
    Map<PaymentId, Bill> byId = batch.stream().collect(Collectors.toMap(Bill::paymentId, Function.identity()));
    int updated = 0;
    int ignored = 0;
    for (PaymentOutcome outcome : outcomes) {
      Bill bill = byId.get(outcome.paymentId());
      Optional<Bill> next = bill == null ? Optional.empty() : Outcomes.apply(bill, outcome);
      if (!next.isPresent()) {
        ignored++;
      } else if (!next.get().equals(bill)) {
        store.updateBill(next.get());
        byId.put(bill.paymentId(), next.get());
        updated++;
      }
    }
    return new Applied(updated, ignored);
  }
}
