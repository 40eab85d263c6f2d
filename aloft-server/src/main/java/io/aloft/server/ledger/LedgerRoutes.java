package io.aloft.server.ledger;

import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.PageRequest;
import io.aloft.server.http.PageRequest.Page;
import io.aloft.server.http.Routes;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /v1/ledger/entries} (operator): the ledger's entries newest first with their
 * postings, filtered as the console's ledger page shows them, a {@link PageRequest} at a time.
 */
public final class LedgerRoutes {
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

  private void entries(Context ctx) {
    Authenticator.requireAdmin(authenticator.require(ctx));
    LedgerEntries.Filter filter = new LedgerEntries.Filter(
        optional(ctx, "entry_kind").map(name -> wire(EntryKind.values(), EntryKind::wireName, name, "entry_kind")),
        optional(ctx, "account_kind").map(name -> wire(AccountKind.values(), AccountKind::wireName, name,
            "account_kind")),
        optional(ctx, "owner").map(text -> number(text, "owner")));
    PageRequest request = PageRequest.of(ctx);
    LedgerEntries.EntryPage page = entries.page(filter, request.startingAfter(), request.limit());
    ctx.json(new Page<>(page.entries(), page.hasMore()).map(EntryView::of));
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
