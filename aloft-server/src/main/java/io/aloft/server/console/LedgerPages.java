package io.aloft.server.console;

import io.aloft.server.http.Routes;
import io.aloft.server.ledger.AccountKind;
import io.aloft.server.ledger.EntryKind;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.ledger.LedgerEntries;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The ledger in the console (operator only): the check's result as {@code GET /v1/ledger/check}
 * gives it, the balances by account kind and currency, and the entries newest first with their
 * postings, filtered by entry kind, account kind and owner, 25 a page with a cursor.
 */
public final class LedgerPages {
  private final Console console;
  private final Ledger ledger;
  private final LedgerEntries entries;

  public LedgerPages(Console console, Ledger ledger, LedgerEntries entries) {
    this.console = console;
    this.ledger = ledger;
    this.entries = entries;
  }

  /** What the filter form holds, as typed, and the words of what is wrong with it. */
  public record LedgerFilter(String entryKind, String accountKind, String owner, List<String> errors) {
    /** The query string of a page after {@code cursor}, keeping the filter. */
    public String nextQuery(long cursor) {
      return "?starting_after=" + cursor + (entryKind.isEmpty() ? "" : "&entry_kind=" + entryKind)
          + (accountKind.isEmpty() ? "" : "&account_kind=" + accountKind) + (owner.isEmpty() ? "" : "&owner=" + owner);
    }
  }

  /** The ledger page. */
  public record LedgerView(Ledger.CheckResult check, LedgerFilter filter, List<String> entryKinds,
      List<String> accountKinds, List<LedgerEntries.EntryLine> entries, Optional<Long> nextCursor) {}

  public void register(Routes routes) {
    console.operatorPage(routes, "/console/ledger", this::ledger);
  }

  private void ledger(Context ctx, Visit visit) {
    List<String> entryKinds = Arrays.stream(EntryKind.values()).map(EntryKind::wireName).toList();
    List<String> accountKinds = Arrays.stream(AccountKind.values()).map(AccountKind::wireName).toList();
    String entryKind = param(ctx, "entry_kind", 32);
    String accountKind = param(ctx, "account_kind", 32);
    String owner = param(ctx, "owner", 19);
    List<String> errors = new ArrayList<>();
    if (!entryKind.isEmpty() && !entryKinds.contains(entryKind)) {
      errors.add("ledger.error.entryKind");
    }
    if (!accountKind.isEmpty() && !accountKinds.contains(accountKind)) {
      errors.add("ledger.error.accountKind");
    }
    Optional<Long> ownerId = owner.isEmpty() ? Optional.empty() : Console.longParam(owner);
    if (!owner.isEmpty() && ownerId.isEmpty()) {
      errors.add("ledger.error.owner");
    }
    LedgerFilter filter = new LedgerFilter(entryKind, accountKind, owner, errors);
    LedgerEntries.EntryPage page = errors.isEmpty() ? entries.page(new LedgerEntries.Filter(
        entryKind.isEmpty() ? Optional.empty() : Optional.of(EntryKind.valueOf(entryKind.toUpperCase(Locale.ROOT))),
        accountKind.isEmpty() ? Optional.empty() : Optional.of(AccountKind.fromWireName(accountKind)), ownerId),
        Console.longParam(ctx.queryParam("starting_after")), Console.PAGE_SIZE)
        : new LedgerEntries.EntryPage(List.of(), false);
    List<LedgerEntries.EntryLine> shown = page.entries();
    Optional<Long> next = page.hasMore() ? Optional.of(shown.get(shown.size() - 1).id()) : Optional.empty();
    if (!errors.isEmpty()) {
      ctx.status(400);
    }
    console.render(ctx, "console/ledger.jte", visit.page("ledger.title", "ledger", ctx.path()),
        new LedgerView(ledger.check(), filter, entryKinds, accountKinds, shown, next));
  }

  private static String param(Context ctx, String name, int maxLength) {
    String value = Optional.ofNullable(ctx.queryParam(name)).orElse("").strip();
    return value.length() > maxLength ? value.substring(0, maxLength) : value;
  }
}
