package io.aloft.flight;

import io.aloft.protocol.client.UploadRefusedException;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.terminal.upload.EntryOutcome;
import io.aloft.terminal.upload.SyncReport;
import io.aloft.terminal.upload.Uploader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * After landing: every terminal and every wallet (a clone's too) uploads, in an order the seed
 * shuffles; the server settles each payment once, whoever brings it first. Wallets then ask again
 * for what was still pending.
 */
final class Landing {
  private final Aboard aboard;
  private final List<WalletDevice> clones;
  private boolean serverLacksSettlement;

  Landing(Aboard aboard, List<WalletDevice> clones) {
    this.aboard = aboard;
    this.clones = clones;
  }

  /** Uploads everything; false when the server has no settlement endpoints (nothing was settled). */
  boolean settle() {
    List<Object> uploaders = new ArrayList<>(aboard.terminals());
    List<WalletDevice> wallets = new ArrayList<>(aboard.passengers().stream().filter(WalletDevice::isEnrolled).toList());
    wallets.addAll(clones);
    uploaders.addAll(wallets);
    Collections.shuffle(uploaders, new Random(aboard.story().nextLong()));
    for (Object uploader : uploaders) {
      if (uploader instanceof TerminalDevice t) {
        aboard.emit(new FlightEvent.Uploading(t.label()));
        upload(t);
      } else {
        WalletDevice wallet = (WalletDevice) uploader;
        aboard.emit(new FlightEvent.Uploading(wallet.label()));
        sync(wallet);
      }
      if (serverLacksSettlement) {
        return false;
      }
    }
    wallets.forEach(this::sync);
    return true;
  }

  private void upload(TerminalDevice t) {
    Uploader server = aboard.ground().uploader(t.signer(aboard.ground().serverClock()), aboard.issuerKeys());
    Uploader observed = (TerminalBatch batch, String idempotencyKey) -> {
      List<EntryOutcome> outcomes = server.upload(batch, idempotencyKey);
      aboard.emit(new FlightEvent.EntriesAnswered(t, outcomes));
      return outcomes;
    };
    SyncReport report = t.sdk().sync(observed);
    report.failure().ifPresent(e -> failed(t.label(), e));
  }

  private void sync(WalletDevice wallet) {
    wallet.sync().ifPresent(e -> failed(wallet.label(), e));
  }

  private void failed(String who, Exception e) {
    if (e instanceof UploadRefusedException refused && refused.status() == 404) {
      serverLacksSettlement = true;
    } else {
      aboard.emit(new FlightEvent.UploadFailed(who, e));
    }
  }
}
