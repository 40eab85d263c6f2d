package io.aloft.cli.terminal;

import io.aloft.cli.ExitCodes;
import io.aloft.cli.Printer;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.journal.JournalVerification;
import io.aloft.terminal.status.OfflineStatus;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The status bar: pending payments and the trust bundle. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show pending (not yet uploaded) payments, the journal and the trust bundle's state.")
final class TerminalStatus implements Callable<Integer> {
  @ParentCommand TerminalCommand parent;

  @Option(names = "--json", description = "Print as JSON, for scripts.") boolean json;

  @Override
  public Integer call() throws Exception {
    TerminalProfile profile = parent.profile();
    try (Terminal terminal = parent.open(profile)) {
      OfflineStatus status = terminal.offlineStatus();
      Map<String, Object> view = new LinkedHashMap<>();
      view.put("terminalId", profile.terminalId());
      view.put("flightId", profile.flightId());
      view.put("pendingPayments", status.pendingPayments());
      Map<String, String> totals = new LinkedHashMap<>();
      status.pendingByCurrency().forEach((currency, money) -> totals.put(currency.code(), money.toPlainString()));
      view.put("pendingTotals", totals);
      view.put("journalSequence", status.journalSequence());
      view.put("lastAcknowledgedSequence", status.lastAcknowledgedSequence());
      Optional<String> staleWarning = status.bundle().flatMap(b -> Optional.ofNullable(profile.departure())
          .flatMap(departure -> b.staleWarning(Instant.parse(departure), Instant.now())));
      status.bundle().ifPresent(b -> {
        view.put("bundleVersion", b.bundleVersion());
        view.put("bundleState", b.state().name());
        view.put("bundleExpiresAt", b.expiresAt().toString());
        view.put("bundleIssuedAt", b.issuedAt().toString());
      });
      Optional.ofNullable(profile.departure()).ifPresent(departure -> view.put("scheduledDeparture", departure));
      staleWarning.ifPresent(warning -> view.put("bundleWarning", warning));
      if (json) {
        Printer.json(view, System.out);
      } else {
        System.out.println("terminal " + profile.terminalId() + " (" + profile.displayName() + ")");
        System.out.println("  pending:  " + status.pendingPayments() + " payments " + totals);
        System.out.println("  journal:  " + status.journalSequence() + " entries, server has answered up to "
            + status.lastAcknowledgedSequence());
        System.out.println("  bundle:   " + status.bundle().map(b -> "v" + b.bundleVersion() + " for "
            + b.flightCode() + ", " + b.state() + ", issued " + b.issuedAt() + ", expires " + b.expiresAt())
            .orElse("none installed (run sync)"));
        staleWarning.ifPresent(warning -> System.out.println("  warning:  " + warning));
      }
    }
    return ExitCodes.OK;
  }

  @Command(name = "verify-journal", mixinStandardHelpOptions = true,
      description = {"Check the journal's hash chain and signed head.",
            "Detects edited, deleted, inserted or reordered entries. Exit 0 when intact, 1 with each problem "
                + "printed otherwise."})
  static final class VerifyJournal implements Callable<Integer> {
    @ParentCommand TerminalCommand parent;

    @Option(names = "--known-sequence", paramLabel = "N",
        description = "A journal sequence seen elsewhere (a receipt); fails if the journal ends before it.")
    Long knownSequence;

    @Override
    public Integer call() throws Exception {
      TerminalProfile profile = parent.profile();
      try (Terminal terminal = parent.open(profile)) {
        JournalVerification result = knownSequence == null ? terminal.verifyJournal()
            : terminal.verifyJournal(knownSequence);
        if (result.intact()) {
          System.out.println("journal intact: " + result.entriesChecked() + " entries, head #" + result.headSequence());
          return ExitCodes.OK;
        }
        System.out.println("JOURNAL DAMAGED: " + result.problems().size() + " problems");
        result.problems().forEach(p -> System.out.println("  " + p));
        return ExitCodes.REFUSED;
      }
    }
  }
}
