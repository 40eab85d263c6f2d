package io.aloft.terminal;

import static io.aloft.terminal.TestFlight.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.rules.Reason;
import io.aloft.terminal.trust.BundleStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BundleTest extends TerminalTestCase {
  BundleTest() {
    super(1);
  }


  @BeforeEach
  void open() {
    terminal = flight.openTerminal(directory, clock);
  }

  @Test
  void installedBundle_isKeptAcrossRestarts_andReportsItsAgeAndExpiry() {
    assertThat(terminal.installBundle(flight.bundle().version(3).encode()).isAccepted()).isTrue();
    terminal.close();
    clock.advance(Duration.ofHours(2));
    terminal = flight.openTerminal(directory, clock);

    BundleStatus status = terminal.offlineStatus().bundle().orElseThrow();
    assertThat(status.bundleVersion()).isEqualTo(3);
    assertThat(status.age()).isEqualTo(Duration.ofSeconds(3600 + 2 * 3600 + 10));
    assertThat(status.expiresAt()).isEqualTo(T0.plusSeconds(12 * 3600));
    assertThat(status.acceptsUntil()).isEqualTo(T0.plusSeconds(24 * 3600));
    assertThat(status.state()).isEqualTo(BundleStatus.State.VALID);
  }

  @Test
  void aBundleNotSyncedAtTheGate_isWarnedAbout_beforeAndAfterDeparture() {
    java.time.Instant departure = T0.plusSeconds(6 * 3600);
    BundleStatus synced = new BundleStatus(3, 1, "9C8881", T0, T0.plusSeconds(12 * 3600), T0.plusSeconds(24 * 3600),
        Duration.ZERO, BundleStatus.State.VALID);

    assertThat(synced.staleWarning(departure, T0.plusSeconds(60))).as("just synced").isEmpty();
    assertThat(synced.staleWarning(departure, T0.plusSeconds(3600))).get().asString()
        .contains("60 min ago").contains("sync again before departure").contains("STALE_BUNDLE");
    assertThat(synced.staleWarning(departure, departure.plusSeconds(60))).get().asString()
        .contains("360 min before departure");
    BundleStatus atTheGate = new BundleStatus(4, 1, "9C8881", departure.minusSeconds(600), T0.plusSeconds(12 * 3600),
        T0.plusSeconds(24 * 3600), Duration.ZERO, BundleStatus.State.VALID);
    assertThat(atTheGate.staleWarning(departure, departure.minusSeconds(300))).isEmpty();
    assertThat(atTheGate.staleWarning(departure, departure.plusSeconds(7200))).as("synced at the gate").isEmpty();
  }

  @Test
  void theCatalogue_isTheInstalledBundles_andFollowsANewerBundle() {
    assertThat(terminal.catalogue()).as("no bundle yet").isEqualTo(Catalogue.EMPTY);
    Catalogue first = Catalogue.of(
        new CatalogueItem("DR-COFFEE", "drinks", "Coffee", "咖啡", 2_800, TestFlight.CNY),
        new CatalogueItem("ML-NOODLES", "meals", "Beef noodles", "红烧牛肉面", 4_500, TestFlight.CNY));
    assertThat(terminal.installBundle(flight.bundle().version(3).catalogue(first).encode()).isAccepted()).isTrue();
    assertThat(terminal.catalogue()).isEqualTo(first);
    terminal.close();
    terminal = flight.openTerminal(directory, clock);
    assertThat(terminal.catalogue().item("ML-NOODLES").orElseThrow().nameZh()).isEqualTo("红烧牛肉面");

    assertThat(terminal.installBundle(flight.bundle().version(4).encode()).isAccepted()).isTrue();
    assertThat(terminal.catalogue()).as("the airline cleared it").isEqualTo(Catalogue.EMPTY);
  }

  @Test
  void olderBundle_isStale_sameVersion_isReinstalled_newer_replaces() {
    assertThat(terminal.installBundle(flight.bundle().version(3).encode()).isAccepted()).isTrue();
    assertThat(terminal.installBundle(flight.bundle().version(2).encode()).reason()).isEqualTo(Reason.BUNDLE_STALE);
    assertThat(terminal.installBundle(flight.bundle().version(3).encode()).isAccepted()).isTrue();
    assertThat(terminal.installBundle(flight.bundle().version(4).encode()).isAccepted()).isTrue();
  }

  @Test
  void bundleSignedByAKeyTheTerminalDoesNotTrust_isRefused() {
    var rogue = TestFlight.signer(SignatureAlgorithm.ED25519, 77);
    assertThat(terminal.installBundle(flight.bundle().signedBy(9, rogue).encode()).reason())
        .isEqualTo(Reason.UNKNOWN_ISSUER_KEY);
    assertThat(terminal.installBundle(flight.bundle().signedBy(1, rogue).encode()).reason())
        .isEqualTo(Reason.BAD_SIGNATURE);
    assertThat(terminal.offlineStatus().bundle()).isEmpty();
  }

  @Test
  void corruptOrForeignBytes_areMalformedOrWrongKind() {
    assertThat(terminal.installBundle(new byte[] {9, 9, 9}).reason()).isEqualTo(Reason.MALFORMED);
    assertThat(terminal.installBundle(flight.certificate.encode()).reason()).isEqualTo(Reason.WRONG_KIND);
  }

  @Test
  void expiredBundle_isNotInstalled() {
    clock.set(T0.plusSeconds(13 * 3600));
    assertThat(terminal.installBundle(flight.bundle().encode()).reason()).isEqualTo(Reason.BUNDLE_EXPIRED);
  }

  @Test
  void nextFlightsBundle_replacesThisOne_onlyOnceThisOneCanNoLongerSell() {
    assertThat(terminal.installBundle(flight.bundle().encode()).isAccepted()).isTrue();
    byte[] nextFlight = flight.bundle().flight(9000).expiresAt(T0.plusSeconds(40 * 3600)).encode();
    assertThat(terminal.installBundle(nextFlight).reason()).isEqualTo(Reason.WRONG_FLIGHT);

    clock.set(T0.plusSeconds(24 * 3600));
    assertThat(terminal.installBundle(nextFlight).isAccepted()).isTrue();
    assertThat(terminal.offlineStatus().bundle().orElseThrow().flightId()).isEqualTo(9000);
  }

  @Test
  void bundleCertifyingAnotherKeyForThisTerminal_isRefused() {
    var otherKey = TestFlight.signer(SignatureAlgorithm.ED25519, 88);
    var certificate = flight.certificate(otherKey, T0.minusSeconds(60), T0.plusSeconds(86_400));
    assertThat(terminal.installBundle(flight.bundle().terminals(List.of(certificate)).encode()).reason())
        .isEqualTo(Reason.UNKNOWN_TERMINAL);
  }

  @Test
  void aTerminalDbEditedToCarryAnotherTrustAnchor_isRefusedAtOpen() throws Exception {
    assertThat(terminal.installBundle(flight.bundle().version(3).encode()).isAccepted()).isTrue();
    terminal.close();
    // The attacker's own issuer key, carried by and signing a bundle they write into terminal.db.
    var rogue = TestFlight.signer(SignatureAlgorithm.ED25519, 77);
    byte[] forged = flight.bundle().version(9).signedBy(9, rogue)
        .carrying(List.of(new IssuerKey(9, rogue.publicKey()))).encode();
    replaceStoredBundle(forged);

    assertThatThrownBy(() -> flight.openTerminal(directory, clock)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("UNKNOWN_ISSUER_KEY").hasMessageContaining("edited or rolled back");
  }

  @Test
  void aTerminalDbRolledBackToAnOlderGenuineBundle_isRefusedAtOpen() throws Exception {
    byte[] older = flight.bundle().version(3).revoke(flight.payers.get(0).credential().serial()).encode();
    byte[] newer = flight.bundle().version(4).revoke(flight.payers.get(0).credential().serial()).encode();
    assertThat(terminal.installBundle(older).isAccepted()).isTrue();
    assertThat(terminal.installBundle(newer).isAccepted()).isTrue();
    terminal.close();
    replaceStoredBundle(older);

    assertThatThrownBy(() -> flight.openTerminal(directory, clock)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("BUNDLE_STALE").hasMessageContaining("v3").hasMessageContaining("v4");
  }

  @Test
  void aTerminalDbWhoseBundleWasDeleted_isRefusedAtOpen() throws Exception {
    assertThat(terminal.installBundle(flight.bundle().version(3).encode()).isAccepted()).isTrue();
    terminal.close();
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("terminal.db"))) {
      db.createStatement().executeUpdate("DELETE FROM bundle");
    }
    assertThatThrownBy(() -> flight.openTerminal(directory, clock)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds none");
  }

  @Test
  void anOlderBundle_isRefusedAfterARestartToo() {
    assertThat(terminal.installBundle(flight.bundle().version(4).encode()).isAccepted()).isTrue();
    terminal.close();
    terminal = flight.openTerminal(directory, clock);
    assertThat(terminal.installBundle(flight.bundle().version(3).encode()).reason()).isEqualTo(Reason.BUNDLE_STALE);
    assertThat(terminal.offlineStatus().bundle().orElseThrow().bundleVersion()).isEqualTo(4);
  }

  @Test
  void aFolderFromBeforeTheRecord_recordsItsGenuineBundleAtOpen_andADamagedRecordIsRefused() throws Exception {
    assertThat(terminal.installBundle(flight.bundle().version(3).encode()).isAccepted()).isTrue();
    terminal.close();
    Path mark = directory.resolve(Terminal.BUNDLE_MARK_FILE);
    Files.delete(mark);
    terminal = flight.openTerminal(directory, clock);
    assertThat(Files.readString(mark)).contains("version 3");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mark))).isEqualTo("rw-------");
    terminal.close();

    Files.writeString(mark, "aloft-bundle-mark v1\nflight x\n");
    assertThatThrownBy(() -> flight.openTerminal(directory, clock)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is corrupt");
  }

  /** What an attacker with write access to the folder does: rewrite the bundle row with SQLite. */
  private void replaceStoredBundle(byte[] encoded) throws Exception {
    try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("terminal.db"));
        PreparedStatement update = db.prepareStatement("UPDATE bundle SET encoded = ? WHERE id = 1")) {
      update.setBytes(1, encoded);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }
}
