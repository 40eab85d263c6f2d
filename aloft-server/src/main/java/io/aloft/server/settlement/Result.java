package io.aloft.server.settlement;

import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.SettlementOutcome;
import io.aloft.protocol.message.SettlementReport;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.Reason;
import java.util.Optional;

/** The outcome of one submission, as reported back to whoever uploaded it. */
public record Result(SettlementReport.EntryKind kind, long journalSequence, Optional<PaymentId> paymentId,
    long refundSequence, SettlementOutcome outcome, Optional<Reason> reason, String detail, Optional<Money> charged) {

  public SettlementReport.Entry toEntry() {
    return new SettlementReport.Entry(kind, journalSequence, paymentId, refundSequence, outcome, reason, charged);
  }

  static Result payment(Submission submission, Optional<PaymentId> id, SettlementOutcome outcome,
      Optional<Money> charged, String detail) {
    return new Result(SettlementReport.EntryKind.PAYMENT, submission.journalSequence(), id, 0, outcome,
        Optional.empty(), detail, charged);
  }

  static Result refund(Submission submission, PaymentId id, long refundSequence, SettlementOutcome outcome,
      Optional<Money> credited, String detail) {
    return new Result(SettlementReport.EntryKind.REFUND, submission.journalSequence(), Optional.of(id),
        refundSequence, outcome, Optional.empty(), detail, credited);
  }

  static Result rejected(Submission submission, Optional<PaymentId> id, long refundSequence, Reason reason,
      String detail) {
    SettlementReport.EntryKind kind = submission instanceof Submission.Refund
        ? SettlementReport.EntryKind.REFUND : SettlementReport.EntryKind.PAYMENT;
    // A refund whose note did not decode has no sequence; report it against sequence 1 of nothing.
    long sequence = kind == SettlementReport.EntryKind.REFUND ? Math.max(1, refundSequence) : 0;
    return new Result(kind, submission.journalSequence(), id, sequence, SettlementOutcome.REJECTED,
        Optional.of(reason), detail, Optional.empty());
  }
}
