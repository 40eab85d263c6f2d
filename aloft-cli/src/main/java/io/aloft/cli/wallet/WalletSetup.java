package io.aloft.cli.wallet;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.Secrets;
import io.aloft.cli.ServerOption;
import io.aloft.cli.device.IssuerKeyView;
import io.aloft.cli.device.IssuerPinning;
import io.aloft.cli.device.Profiles;
import io.aloft.cli.http.ApiClient;
import io.aloft.cli.http.ApiException;
import io.aloft.cli.http.IssuerApi;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentId;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.bills.BillState;
import io.aloft.wallet.enrolment.Enrolment;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.keys.KdfParameters;
import io.aloft.wallet.keys.KeyUnavailableException;
import io.aloft.wallet.sync.SyncReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The online steps of a wallet: set up, enrol before boarding, sync after landing. */
final class WalletSetup {
  private WalletSetup() {}

  @Command(name = "init", mixinStandardHelpOptions = true,
      description = {"Set up a wallet for an account (online), sealing its first device key under the passphrase.",
            "Each enrolment later makes a new key under the same passphrase.",
            "The account's wallet token comes from --token-file or env ALOFT_WALLET_TOKEN."})
  static final class Init implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Mixin ServerOption server;
    @Mixin PassphraseSource passphrase;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the account's wallet token.")
    Path tokenFile;

    @Option(names = "--kdf-memory-kib", defaultValue = "65536", paramLabel = "KIB",
        description = "Argon2id memory for sealing the key (default: ${DEFAULT-VALUE}; at least 19456).")
    int kdfMemoryKib;

    @Option(names = "--issuer-fingerprint", paramLabel = "HEX",
        description = "The issuer key fingerprint 'aloft serve' prints; the server's keys must match it. Required "
            + "unless the server is on this machine.")
    String issuerFingerprint;

    @Override
    public Integer call() throws Exception {
      Path dir = parent.dir();
      if (Files.exists(dir.resolve(WalletProfile.FILE))) {
        throw new CliException(ExitCodes.USAGE, dir + " already holds a wallet; use another --dir");
      }
      KdfParameters kdf;
      try {
        kdf = KdfParameters.withMemory(kdfMemoryKib);
      } catch (IllegalArgumentException tooWeak) {
        throw new CliException(ExitCodes.USAGE, "--kdf-memory-kib: " + tooWeak.getMessage());
      }
      String token = Secrets.resolve(tokenFile, "ALOFT_WALLET_TOKEN", null, "wallet token",
          "pass --token-file FILE or set ALOFT_WALLET_TOKEN (from 'aloft admin account create')");
      List<IssuerKey> issuerKeys = IssuerPinning.fetchAndPin(server.url(), server.transport(), issuerFingerprint);
      // Only once the keys are pinned: a refused server leaves nothing behind.
      Secrets.privateFolder(dir);
      IssuerApi api = new IssuerApi(new ApiClient(server.url(), Optional.of(token), server.transport()));
      WalletProfile profile;
      try {
        JsonNode me = api.me();
        if (!"wallet".equals(me.path("role").asText())) {
          throw new CliException(ExitCodes.USAGE, "that token is not a wallet token (it is " + me.path("role").asText() + "'s)");
        }
        profile = new WalletProfile(server.url(), me.get("accountId").asLong(), IssuerKeyView.of(issuerKeys), token);
      } catch (ApiException e) {
        throw e.toCliException();
      }
      try {
        passphrase.provider(dir.resolve("device.key"), kdf).create(SignatureAlgorithm.ECDSA_P256);
      } catch (KeyUnavailableException e) {
        throw new CliException(ExitCodes.USAGE, "cannot create the device key: " + e.getMessage());
      }
      Profiles.write(dir.resolve(WalletProfile.FILE), profile);
      System.out.println("wallet for account " + profile.accountId() + " set up in " + dir
          + "; next: 'aloft wallet --dir " + dir + " enrol --flight ID'");
      return ExitCodes.OK;
    }
  }

  @Command(name = "enrol", mixinStandardHelpOptions = true,
      description = {"Enrol for offline payment on a flight (online, before boarding).",
            "Make a new device key, prove it to the issuer by signing its challenge, and get an offline "
                + "credential for it and the flight's trust bundle (without the other passengers). Enrolling again "
                + "on the same flight keeps the credential. Exit 1 with the reason when refused."})
  static final class Enrol implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Mixin ServerOption server;
    @Mixin PassphraseSource passphrase;

    @Option(names = "--flight", required = true, paramLabel = "ID") long flightId;

    @Override
    public Integer call() throws Exception {
      WalletProfile profile = parent.profile();
      try (WalletCommand.Opened opened = parent.open(profile, passphrase, Optional.of(server))) {
        Enrolment enrolment = WalletCommand.accepted(opened.wallet().enrol(flightId));
        OfflineCredential c = enrolment.credential();
        System.out.println("enrolled on flight " + enrolment.bundle().flightCode() + ": credential " + c.serial()
            + ", up to " + c.perPaymentLimit() + " per payment and " + c.totalLimit() + " in all, valid until "
            + c.validUntil());
      } catch (IssuerException e) {
        throw WalletCommand.issuerFailed(e);
      }
      return ExitCodes.OK;
    }
  }

  @Command(name = "sync", mixinStandardHelpOptions = true,
      description = "After landing (online): upload pending bills and record how each settled.")
  static final class Sync implements Callable<Integer> {
    @ParentCommand WalletCommand parent;
    @Mixin ServerOption server;

    @Override
    public Integer call() throws Exception {
      WalletProfile profile = parent.profile();
      try (WalletCommand.Opened opened = parent.open(profile, new PassphraseSource(), Optional.of(server))) {
        Set<PaymentId> pending = new HashSet<>();
        opened.wallet().bills(1000).stream().filter(bill -> bill.state() == BillState.PENDING)
            .forEach(bill -> pending.add(bill.paymentId()));
        SyncReport report = opened.wallet().sync();
        System.out.println("synced: " + report.uploaded() + " bills uploaded, " + report.updated() + " updated"
            + (report.complete() ? "" : "; more remain, run sync again"));
        Map<String, Integer> states = new TreeMap<>();
        List<Bill> bills = opened.wallet().bills(1000);
        bills.forEach(bill -> states.merge(bill.state().name(), 1, Integer::sum));
        System.out.println("bills: " + states);
        bills.stream().filter(bill -> pending.contains(bill.paymentId()) && bill.state() == BillState.REJECTED)
            .forEach(bill -> System.out.println("not charged: " + bill.paymentId() + "  " + bill.amount()
                + bill.merchantName().map(name -> "  " + name).orElse("") + "  "
                + bill.rejection().map(Enum::name).map(name -> name + ": ").orElse("")
                + bill.outcomeDetail().orElse("")));
      } catch (IssuerException e) {
        throw WalletCommand.issuerFailed(e);
      }
      return ExitCodes.OK;
    }
  }
}
