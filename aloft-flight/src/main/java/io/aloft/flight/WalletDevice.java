package io.aloft.flight;

import io.aloft.protocol.files.PrivateFiles;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.money.Money;
import io.aloft.wallet.Wallet;
import io.aloft.protocol.rules.Verdict;
import io.aloft.wallet.RefusalReason;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.enrolment.Enrolment;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.keys.KdfParameters;
import io.aloft.wallet.keys.PassphraseKeyProvider;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.HandshakeOffer;
import io.aloft.wallet.pay.IssuedCode;
import io.aloft.wallet.store.SqliteWalletStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A passenger's phone: the wallet SDK on its own folder, with the account's token. The one place
 * the engine calls the wallet SDK: every refusal comes back as an {@link Outcome}.
 */
public final class WalletDevice implements AutoCloseable {
  /** Throwaway keys are sealed with the cheapest Argon2id the wallet allows. */
  private static final KdfParameters THROWAWAY_KDF = new KdfParameters(8, 1, 1);
  private static final char[] PASSPHRASE = "demo".toCharArray();

  private final Cast.PassengerSpec spec;
  private final long accountId;
  private final String walletToken;
  private final Path dir;
  private final Duration skew;
  private final boolean clone;
  private SqliteWalletStore store;
  private Wallet wallet;

  WalletDevice(Cast.PassengerSpec spec, long accountId, String walletToken, Path dir, Duration skew, boolean clone) {
    this.spec = spec;
    this.accountId = accountId;
    this.walletToken = walletToken;
    this.dir = dir;
    this.skew = skew;
    this.clone = clone;
  }

  /** Opens (or reopens) the wallet in its folder. */
  void open(IssuerClient issuer, List<IssuerKey> issuerKeys, Clock clock, SecureRandom keyRandom) {
    close();
    try {
      PrivateFiles.createFolder(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dir, e);
    }
    store = SqliteWalletStore.open(dir.resolve("wallet.db"));
    wallet = Wallet.open(Wallet.Config.of(issuerKeys), store,
        new PassphraseKeyProvider(dir.resolve("device.key"), PASSPHRASE, THROWAWAY_KDF, keyRandom), issuer, clock);
  }

  /**
   * A second phone holding a copy of this one's folder, key and counter included: what a
   * fraudster's clone holds, on a clock {@code skew} off the flight's. Both are closed; open them again.
   */
  WalletDevice copyTo(Path target, Duration skew) throws IOException {
    close();
    Files.createDirectories(target);
    try (var files = Files.list(dir)) {
      for (Path file : files.toList()) {
        Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return new WalletDevice(spec, accountId, walletToken, target, skew, true);
  }

  /** Enrols for the flight; a refusal carries the server's reason code (or the wallet's) and sentence. */
  Outcome<Enrolment> enrol(long flightId) {
    try {
      return outcome(wallet.enrol(flightId));
    } catch (IssuerException e) {
      return new Outcome.Refused<>(e.code(), e.getMessage());
    }
  }

  Outcome<HandshakeOffer> readRequest(String qrText) {
    return outcome(wallet.readRequest(qrText));
  }

  Outcome<IssuedCode> confirm(HandshakeOffer offer, CodeForm form) {
    return outcome(wallet.confirm(offer, form));
  }

  Outcome<IssuedCode> payAmount(Money amount, CodeForm form) {
    return outcome(wallet.payAmount(amount, form));
  }

  Outcome<IssuedCode> payUpTo(Money cap, CodeForm form) {
    return outcome(wallet.payUpTo(cap, form));
  }

  Outcome<Bill> scanReceipt(String qrText) {
    return outcome(wallet.scanReceipt(qrText));
  }

  Outcome<Bill> scanRefund(String qrText) {
    return outcome(wallet.scanRefund(qrText));
  }

  /** Uploads and fetches what the wallet holds; the failure, if the sync did not complete. */
  Optional<IssuerException> sync() {
    try {
      wallet.sync();
      return Optional.empty();
    } catch (IssuerException e) {
      return Optional.of(e);
    }
  }

  /** The wallet's verdict as an outcome: a refusal carries the wallet's reason and its sentence for the passenger. */
  private static <T> Outcome<T> outcome(Verdict<T> verdict) {
    if (verdict.isAccepted()) {
      return new Outcome.Done<>(verdict.value());
    }
    RefusalReason reason = RefusalReason.of(verdict);
    return new Outcome.Refused<>(reason.name(), reason.message());
  }

  /** The wallet SDK as it runs now, for a story that drives it directly. */
  public Wallet sdk() {
    return wallet;
  }

  /** Whether this phone is a copy of a passenger's ({@link Aboard#cloneOf}). */
  public boolean isClone() {
    return clone;
  }

  /** How far this phone's clock runs from the flight's. */
  public Duration skew() {
    return skew;
  }

  public Cast.PassengerSpec spec() {
    return spec;
  }

  public long accountId() {
    return accountId;
  }

  String walletToken() {
    return walletToken;
  }

  /** The folder's name: the passenger's label, or the clone's. */
  public String label() {
    return dir.getFileName().toString();
  }

  public boolean isEnrolled() {
    return wallet != null && wallet.enrolment().isPresent();
  }

  public Optional<Enrolment> enrolment() {
    return wallet.enrolment();
  }

  /** What the wallet may still sign in one payment, in minor units. */
  public long spendableMinor() {
    var credential = wallet.enrolment().orElseThrow().credential();
    long remaining = wallet.offlineStatus().remainingAllowance().map(Money::amountMinor).orElse(0L);
    return Math.min(credential.perPaymentLimit().amountMinor(), remaining);
  }

  public List<Bill> bills(int limit) {
    return wallet.bills(limit);
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
      store = null;
      wallet = null;
    }
  }
}
