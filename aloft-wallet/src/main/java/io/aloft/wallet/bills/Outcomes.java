package io.aloft.wallet.bills;

import io.aloft.protocol.Optionals;
import io.aloft.wallet.issuer.PaymentOutcome;
import java.util.Optional;

/**
 * What the issuer's word on a payment does to its bill. Pure, and idempotent: applying the same
 * outcome twice gives the same bill. The issuer settles each payment once, so a later outcome
 * only moves a bill forward: PENDING to anything, SETTLED to DISPUTED (a double spend found
 * later), DISPUTED to SETTLED or REJECTED (an operator's decision). REFUNDED and REJECTED are
 * final; an outcome that would move a bill backward is ignored, and the caller counts it.
 */
public final class Outcomes {
  private Outcomes() {}

  /** The bill after {@code outcome}, or empty if the outcome does not apply to its state. */
  public static Optional<Bill> apply(Bill bill, PaymentOutcome outcome) {
    if (!outcome.paymentId().equals(bill.paymentId())) {
      throw new IllegalArgumentException("outcome " + outcome.paymentId() + " is not for bill " + bill.paymentId());
    }
    Optional<BillState> next = next(bill.state(), outcome.kind());
    if (!next.isPresent()) {
      return Optional.empty();
    }
    Optional<String> detail = Optional.of(outcome.detail());
    if (next.get() == BillState.SETTLED || next.get() == BillState.REFUNDED) {
      Optional<io.aloft.protocol.money.Money> charged = Optionals.firstPresent(outcome.charged(), bill::charged);
      boolean refundedWhole = charged.isPresent() && !bill.refunds().isEmpty()
          && bill.refunded().equals(charged.get());
      return Optional.of(bill.withState(refundedWhole ? BillState.REFUNDED : BillState.SETTLED, charged, detail));
    }
    return Optional.of(bill.withState(next.get(), bill.settledCharge(), detail));
  }

  static Optional<BillState> next(BillState state, PaymentOutcome.Kind kind) {
    BillState target = switch (kind) {
      case SETTLED, DUPLICATE -> BillState.SETTLED;
      case CONFLICT -> BillState.DISPUTED;
      case REJECTED -> BillState.REJECTED;
      case PENDING -> BillState.PENDING;
    };
    return switch (state) {
      case PENDING -> Optional.of(target);
      case SETTLED -> target == BillState.SETTLED || target == BillState.DISPUTED
          ? Optional.of(target) : Optional.empty();
      case DISPUTED -> target != BillState.PENDING ? Optional.of(target) : Optional.empty();
      // A refunded payment is still settled first; the refund is a credit against it.
      case REFUNDED -> target == BillState.SETTLED ? Optional.of(BillState.REFUNDED) : Optional.empty();
      case REJECTED -> target == BillState.REJECTED ? Optional.of(target) : Optional.empty();
    };
  }
}
