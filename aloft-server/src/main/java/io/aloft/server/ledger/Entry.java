package io.aloft.server.ledger;

import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.CurrencyUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One balanced ledger entry. The constructor refuses an entry whose postings do not sum to zero in
 * every currency: an unbalanced entry is a bug in whoever built it, never an operating outcome.
 * Zero-amount lines are dropped, so callers may build lines for parts that happen to be zero.
 */
public record Entry(EntryKind kind, long accountId, Optional<PaymentId> paymentId, long refundSequence,
    List<Posting> postings) {
  public Entry {
    if (kind == null || paymentId == null || postings == null || postings.isEmpty()) {
      throw new IllegalArgumentException("an entry needs a kind and postings");
    }
    postings = List.copyOf(postings);
    Map<CurrencyUnit, Long> sums = new HashMap<>();
    for (Posting posting : postings) {
      sums.merge(posting.account().currency(), posting.amountMinor(), Math::addExact);
    }
    for (Map.Entry<CurrencyUnit, Long> sum : sums.entrySet()) {
      if (sum.getValue() != 0) {
        throw new IllegalStateException("unbalanced " + kind + " entry: " + sum.getKey().code() + " sums to "
            + sum.getValue() + " in " + postings);
      }
    }
  }

  /** Collects lines, skipping zero amounts, then builds the balanced entry. */
  public static final class Builder {
    private final List<Posting> postings = new ArrayList<>();

    public Builder debit(AccountKey account, long amountMinor) {
      if (amountMinor != 0) {
        postings.add(Posting.debit(account, amountMinor));
      }
      return this;
    }

    public Builder credit(AccountKey account, long amountMinor) {
      if (amountMinor != 0) {
        postings.add(Posting.credit(account, amountMinor));
      }
      return this;
    }

    public Entry build(EntryKind kind, long accountId, Optional<PaymentId> paymentId, long refundSequence) {
      return new Entry(kind, accountId, paymentId, refundSequence, postings);
    }
  }
}
