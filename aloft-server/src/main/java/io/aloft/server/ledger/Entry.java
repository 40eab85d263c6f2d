package io.aloft.server.ledger;

import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.CurrencyUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One balanced ledger entry. The constructor refuses an entry whose postings do not sum to zero in
 * every currency: an unbalanced entry is a bug in whoever built it, never an operating outcome.
 * Zero-amount lines are dropped, so callers may build lines for parts that happen to be zero.
 *
 * <p>{@code accountId} is the passenger account the entry concerns, 0 when it concerns several;
 * {@code paymentId} and {@code refundSequence} name the one payment or refund it posts, if it
 * posts exactly one (see {@link #sumOf}).
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

  /**
   * One entry for several of one kind: each account's lines added up into one posting, in the
   * order the accounts first appear, lines that cancel out dropped. It balances because each part
   * does. Settlement posts one such entry per kind per upload; the settlement tables keep each
   * payment's and refund's own amounts, and {@link Ledger#check} reconciles the two.
   */
  public static Entry sumOf(List<Entry> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("nothing to sum");
    }
    Entry first = parts.get(0);
    if (parts.size() == 1) {
      return first;
    }
    long accountId = first.accountId();
    Map<AccountKey, Long> sums = new LinkedHashMap<>();
    for (Entry part : parts) {
      if (part.kind() != first.kind()) {
        throw new IllegalArgumentException("one sum, one kind: " + first.kind() + " and " + part.kind());
      }
      if (part.accountId() != accountId) {
        accountId = 0;
      }
      for (Posting posting : part.postings()) {
        sums.merge(posting.account(), posting.amountMinor(), Math::addExact);
      }
    }
    List<Posting> postings = new ArrayList<>(sums.size());
    sums.forEach((account, amountMinor) -> {
      if (amountMinor != 0) {
        postings.add(new Posting(account, amountMinor));
      }
    });
    return new Entry(first.kind(), accountId, Optional.empty(), 0, postings);
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
