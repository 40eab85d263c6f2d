package io.aloft.cli.demo;

import io.aloft.protocol.message.TerminalBatch;
import io.aloft.terminal.upload.EntryOutcome;
import io.aloft.terminal.upload.SyncReport;
import io.aloft.terminal.upload.Uploader;
import io.aloft.wallet.issuer.IssuerException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * After landing: every terminal and every wallet (the clone's too) uploads, in an order the seed
 * shuffles; the server settles each payment once. Then the arrears and the ledger check.
 */
final class Landing {
  /** Said without the server's address, which changes from run to run. */
  private static final String NO_SETTLEMENT = "not available: the server has no upload endpoints yet";

  private final FlightSimulation sim;
  private final List<Passenger> clones;
  private final Map<String, Integer> outcomes = new TreeMap<>();
  private String settlement = "settled";

  Landing(FlightSimulation sim, List<Passenger> clones) {
    this.sim = sim;
    this.clones = clones;
  }

  FlightReport.Landing settle() throws Exception {
    List<Object> uploaders = new ArrayList<>(sim.terminals);
    sim.passengers.stream().filter(Passenger::isEnrolled).forEach(uploaders::add);
    uploaders.addAll(clones);
    Collections.shuffle(uploaders, new java.util.Random(sim.story.nextLong()));
    List<String> order = new ArrayList<>();
    for (Object uploader : uploaders) {
      String label = uploader instanceof CrewTerminal t ? t.spec.label()
          : ((Passenger) uploader).dir.getFileName().toString();
      order.add(label);
      if (!upload(uploader)) {
        break;
      }
    }
    return new FlightReport.Landing(order, outcomes, List.of(), "not run (no settlement)", Map.of(), settlement);
  }

  private boolean upload(Object uploader) {
    try {
      if (uploader instanceof CrewTerminal t) {
        SyncReport report = t.terminal().sync(uploader());
        if (report.failure().isPresent()) {
          settlement = NO_SETTLEMENT;
          return false;
        }
      } else {
        ((Passenger) uploader).wallet().sync();
      }
      return true;
    } catch (IssuerException e) {
      settlement = NO_SETTLEMENT;
      return false;
    }
  }

  private Uploader uploader() {
    return new Uploader() {
      @Override
      public List<EntryOutcome> upload(TerminalBatch batch) throws IOException {
        throw new IOException("the server has no terminal upload endpoint yet (settlement is not part of this server)");
      }
    };
  }
}
