package io.aloft.cli.terminal;

import io.aloft.cli.ExitCodes;
import io.aloft.cli.Printer;
import io.aloft.cli.Durations;
import io.aloft.terminal.Terminal;
import io.aloft.terminal.cabin.CabinStatus;
import io.aloft.terminal.journal.JournalVerification;
import io.aloft.terminal.status.OfflineStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The status bar: pending payments, the trust bundle and the cabin peers. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show pending (not yet uploaded) payments, the journal, the trust bundle's state and the cabin.",
            "The cabin part lists the flight's other terminals, when each was last heard by 'cabin', and the "
                + "exposure still open per compromised credential: one payment at each terminal out of contact."})
final class TerminalStatus implements Callable<Integer> {
  @ParentCommand TerminalCommand parent;

  @Option(names = "--json", description = "Print as JSON, for scripts.") boolean json;

  @Option(names = "--contact-window", paramLabel = "DURATION", defaultValue = "60s", converter = Durations.class,
      description = "A terminal heard within this long is in contact (default: ${DEFAULT-VALUE}).")
  Duration contactWindow;

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
      CabinStatus cabin = terminal.cabinStatus(contactWindow);
      view.put("cabin", cabinView(cabin));
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
        printCabin(cabin);
      }
    }
    return ExitCodes.OK;
  }

  private static Map<String, Object> cabinView(CabinStatus cabin) {
    Map<String, Object> view = new LinkedHashMap<>();
    List<Map<String, Object>> peers = new ArrayList<>();
    for (CabinStatus.Peer peer : cabin.peers()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("terminalId", peer.terminalId());
      row.put("name", peer.name());
      row.put("address", peer.address().orElse(null));
      row.put("lastHeard", peer.lastHeard().map(Object::toString).orElse(null));
      row.put("inContact", peer.inContact());
      peers.add(row);
    }
    view.put("peers", peers);
    view.put("outOfContact", cabin.outOfContact());
    view.put("openExposure", cabin.openExposure().stream().map(Object::toString).toList());
    view.put("contactWindowSeconds", cabin.contactWindow().toSeconds());
    return view;
  }

  private static void printCabin(CabinStatus cabin) {
    System.out.println("  cabin:    " + (cabin.peers().size() - cabin.outOfContact()) + " of " + cabin.peers().size()
        + " other terminals in contact (heard within " + cabin.contactWindow().toSeconds() + " s); open exposure "
        + "per compromised credential " + (cabin.openExposure().isEmpty() ? "none" : cabin.openExposure()));
    for (CabinStatus.Peer peer : cabin.peers()) {
      System.out.println("            terminal " + peer.terminalId() + " (" + peer.name() + "): "
          + peer.lastHeard().map(at -> "last heard " + at + peer.address().map(a -> " at " + a).orElse(""))
              .orElse("never heard") + (peer.inContact() ? "" : ", OUT OF CONTACT"));
    }
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
