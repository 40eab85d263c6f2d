package io.aloft.server.ledger;

import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Routes;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/ledger/entries} (operator): the ledger's entries newest first with their
 * postings, filtered and paged as the console's ledger page shows them.
 */
public final class LedgerRoutes {
  static final int DEFAULT_LIMIT = 25;

  private final LedgerEntries entries;
  private final Authenticator authenticator;

  public LedgerRoutes(LedgerEntries entries, Authenticator authenticator) {
    this.entries = entries;
    this.authenticator = authenticator;
  }

  public void register(Routes routes) {
    routes.get("/v1/ledger/entries", this::entries);
  }

  record EntryView(long id, String createdAt, String kind, long accountId, List<LedgerEntries.PostingLine> postings,
      boolean balanced) {
    static EntryView of(LedgerEntries.EntryLine entry) {
      return new EntryView(entry.id(), entry.createdAt().toString(), entry.kind(), entry.accountId(), entry.postings(),
          entry.balanced());
    }
  }

  record EntriesView(List<EntryView> entries, boolean hasMore, Long nextStartingAfter) {}

  private void entries(Context ctx) {
    Authenticator.requireAdmin(authenticator.require(ctx));
    LedgerEntries.Filter filter = new LedgerEntries.Filter(
        optional(ctx, "entry_kind").map(name -> wire(EntryKind.values(), EntryKind::wireName, name, "entry_kind")),
        optional(ctx, "account_kind").map(name -> wire(AccountKind.values(), AccountKind::wireName, name,
            "account_kind")),
        optional(ctx, "owner").map(text -> number(text, "owner")));
    Optional<Long> after = optional(ctx, "starting_after").map(text -> number(text, "starting_after"));
    long limit = optional(ctx, "limit").map(text -> number(text, "limit")).orElse((long) DEFAULT_LIMIT);
    if (limit < 1 || limit > LedgerEntries.MAX_PAGE) {
      throw ApiProblem.invalidRequest("Query parameter 'limit' must be 1 to " + LedgerEntries.MAX_PAGE + ".");
    }
    LedgerEntries.EntryPage page = entries.page(filter, after, (int) limit);
    Long next = page.hasMore() ? page.entries().get(page.entries().size() - 1).id() : null;
    ctx.json(new EntriesView(page.entries().stream().map(EntryView::of).toList(), page.hasMore(), next));
  }

  private static Optional<String> optional(Context ctx, String name) {
    String value = ctx.queryParam(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static long number(String text, String name) {
    if (text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
      throw ApiProblem.invalidRequest("Query parameter '" + name + "' must be a whole number of at most 18 digits.");
    }
    return Long.parseLong(text);
  }

  private static <E> E wire(E[] values, java.util.function.Function<E, String> wireName, String name, String field) {
    return Arrays.stream(values).filter(value -> wireName.apply(value).equals(name)).findFirst()
        .orElseThrow(() -> ApiProblem.invalidRequest("Query parameter '" + field + "' must be one of "
            + Arrays.stream(values).map(wireName).toList() + "."));
  }
}
