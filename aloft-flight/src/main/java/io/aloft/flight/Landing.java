package io.aloft.flight;

import io.aloft.protocol.client.UploadRefusedException;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.terminal.upload.EntryOutcome;
import io.aloft.terminal.upload.SyncReport;
import io.aloft.terminal.upload.Uploader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * After landing: every terminal (those of another flight too) and every wallet (a clone's too)
 * uploads, in an order the seed shuffles each round; the server settles each payment once,
 * whoever brings it first. Further rounds, up to the story's {@link FlightStory#uploadRounds},
 * retry what is left: terminals whose payments are not all answered, and wallets that have not
 * synced since every terminal's were, so that they learn each payment's final outcome.
 */
final class Landing {
  private final Aboard aboard;
  private final Map<TerminalDevice, Uploader> uploaders = new HashMap<>();
  /** Wallets that synced once no terminal held an unanswered payment: they know every outcome. */
  private final Set<WalletDevice> upToDate = new HashSet<>();
  private boolean serverLacksSettlement;

  Landing(Aboard aboard) {
    this.aboard = aboard;
  }

  /** Uploads everything; false when the server has no settlement endpoints (nothing was settled). */
  boolean settle() {
    FlightStory plot = aboard.plot();
    plot.landed(aboard);
    for (int round = 0; round < plot.uploadRounds() && (round == 0 || !everythingAnswered()); round++) {
      plot.beforeUploadRound(round, aboard);
      aboard.emit(new FlightEvent.UploadRound(round + 1, plot.uploadRounds()));
      for (Object device : shuffled(round == 0)) {
        if (device instanceof TerminalDevice t) {
          aboard.emit(new FlightEvent.Uploading(t.label()));
          upload(t);
        } else {
          WalletDevice wallet = (WalletDevice) device;
          aboard.emit(new FlightEvent.Uploading(wallet.label()));
          sync(wallet);
        }
        if (serverLacksSettlement) {
          return false;
        }
      }
      plot.afterUploadRound(round, aboard);
    }
    return true;
  }

  /** Whether every terminal's payments are answered and every wallet synced after that. */
  boolean everythingAnswered() {
    return allTerminals().stream().noneMatch(TerminalDevice::hasPendingUploads) && upToDate.containsAll(wallets());
  }

  /** This round's devices in the seed's order: all of them in the first round, then what is left. */
  private List<Object> shuffled(boolean everyone) {
    List<Object> devices = new ArrayList<>();
    allTerminals().stream().filter(t -> everyone || t.hasPendingUploads()).forEach(devices::add);
    wallets().stream().filter(w -> everyone || !upToDate.contains(w)).forEach(devices::add);
    Collections.shuffle(devices, new Random(aboard.story().nextLong()));
    return devices;
  }

  private List<TerminalDevice> allTerminals() {
    List<TerminalDevice> all = new ArrayList<>(aboard.terminals());
    all.addAll(aboard.otherFlight());
    return all;
  }

  private List<WalletDevice> wallets() {
    List<WalletDevice> wallets = new ArrayList<>(aboard.flyers());
    wallets.addAll(aboard.clones());
    return wallets;
  }

  private void upload(TerminalDevice t) {
    Uploader server = uploaders.computeIfAbsent(t, terminal ->
        aboard.ground().uploader(terminal.signer(aboard.ground().serverClock()), aboard.issuerKeys()));
    Uploader observed = (TerminalBatch batch, String idempotencyKey) -> {
      List<EntryOutcome> outcomes = server.upload(batch, idempotencyKey);
      aboard.emit(new FlightEvent.EntriesAnswered(t, outcomes));
      return outcomes;
    };
    SyncReport report = t.sdk().sync(observed);
    report.failure().ifPresent(e -> failed(t.label(), e, e));
  }

  private void sync(WalletDevice wallet) {
    boolean terminalsDone = allTerminals().stream().noneMatch(TerminalDevice::hasPendingUploads);
    wallet.sync().ifPresentOrElse(e -> failed(wallet.label(), e, e.getCause() instanceof Exception cause ? cause : e),
        () -> {
          if (terminalsDone) {
            upToDate.add(wallet);
          }
          aboard.emit(new FlightEvent.WalletSynced(wallet, terminalsDone));
        });
  }

  private void failed(String who, Exception failure, Exception cause) {
    if (cause instanceof UploadRefusedException refused && refused.status() == 404) {
      serverLacksSettlement = true;
    } else {
      aboard.emit(new FlightEvent.UploadFailed(who, failure));
    }
  }
}
