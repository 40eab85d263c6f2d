package io.aloft.cli.wallet;

import io.aloft.cli.ExitCodes;
import io.aloft.cli.Printer;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.status.OfflineStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** What the passenger sees: the bills kept, and what is left to spend. */
final class WalletViews {
  private WalletViews() {}

  static Map<String, Object> view(Bill bill) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("paymentId", bill.paymentId().toString());
    view.put("kind", bill.kind().name());
    view.put("merchant", bill.merchantName().orElse(null));
    view.put("amount", bill.amount().toString());
    view.put("charged", bill.charged().map(Object::toString).orElse(null));
    view.put("refunded", bill.refunded().toString());
    view.put("state", bill.state().name());
    view.put("receipt", bill.receipt().isPresent());
    view.put("issuedAt", bill.issuedAt().toString());
    view.put("detail", bill.outcomeDetail().orElse(null));
    view.put("reason", bill.rejection().map(Enum::name).orElse(null));
    return view;
  }

  @Command(name = "bills", mixinStandardHelpOptions = true, description = "List the bills this wallet keeps, newest first.")
  static final class Bills implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Option(names = "--json", description = "Print as JSON, for scripts.") boolean json;
    @Option(names = "--limit", defaultValue = "50", description = "At most this many (default: ${DEFAULT-VALUE}).") int limit;

    @Override
    public Integer call() throws Exception {
      try (WalletCommand.Opened opened = parent.open(parent.profile(), new PassphraseSource(), Optional.empty())) {
        List<Map<String, Object>> views = new ArrayList<>();
        for (Bill bill : opened.wallet().bills(Math.max(1, Math.min(limit, 1000)))) {
          views.add(view(bill));
        }
        if (json) {
          Printer.json(views, System.out);
        } else if (views.isEmpty()) {
          System.out.println("no bills");
        } else {
          for (Map<String, Object> v : views) {
            System.out.println(v.get("paymentId") + "  " + v.get("state") + "  " + v.get("amount")
                + (v.get("merchant") == null ? "" : "  " + v.get("merchant"))
                + ("0.00".equals(String.valueOf(v.get("refunded")).split(" ")[0]) ? "" : "  refunded " + v.get("refunded"))
                + (v.get("reason") == null ? "" : "  " + v.get("reason")));
          }
        }
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "status", mixinStandardHelpOptions = true,
      description = "Show the offline allowance (limits, spent, left) and the bills not yet settled.")
  static final class Status implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Option(names = "--json", description = "Print as JSON, for scripts.") boolean json;

    @Override
    public Integer call() throws Exception {
      WalletProfile profile = parent.profile();
      try (WalletCommand.Opened opened = parent.open(profile, new PassphraseSource(), Optional.empty())) {
        OfflineStatus status = opened.wallet().offlineStatus();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("accountId", profile.accountId());
        status.allowance().ifPresent(a -> {
          view.put("credential", a.serial().hex());
          view.put("perPaymentLimit", a.perPaymentLimit().toString());
          view.put("totalLimit", a.totalLimit().toString());
          view.put("spent", a.spent().toString());
          view.put("remaining", a.remaining().toString());
          view.put("validUntil", a.validUntil().toString());
        });
        view.put("pendingBills", status.pendingCount());
        view.put("pendingTotals", status.pendingTotals().stream().map(Object::toString).toList());
        if (json) {
          Printer.json(view, System.out);
        } else {
          System.out.println("wallet of account " + profile.accountId());
          System.out.println(status.allowance().map(a -> "  allowance: " + a.remaining() + " left of " + a.totalLimit()
              + " (at most " + a.perPaymentLimit() + " per payment), valid until " + a.validUntil())
              .orElse("  not enrolled on a flight"));
          System.out.println("  pending:   " + status.pendingCount() + " bills " + status.pendingTotals());
        }
      }
      return ExitCodes.OK;
    }
  }
}
