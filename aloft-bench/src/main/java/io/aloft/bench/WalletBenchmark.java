package io.aloft.bench;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.EnrolmentProof;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.AcceptancePolicy;
import io.aloft.protocol.rules.Quote;
import io.aloft.protocol.rules.SpendRules;
import io.aloft.wallet.Wallet;
import io.aloft.wallet.issuer.BillUpload;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.issuer.OutcomeReport;
import io.aloft.wallet.keys.KdfParameters;
import io.aloft.wallet.keys.PassphraseKeyProvider;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.HandshakeOffer;
import io.aloft.wallet.store.SqliteWalletStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wallet code generation, as the passenger waits for it: the spend rules, the device signature,
 * and (for the committed variants) the SQLite WAL commit with {@code synchronous=FULL} that must
 * finish before the code may be shown. {@code signOnly} is the same work without storage, to
 * show what the durable commit costs on this disk. Target: at most 2 ms (DESIGN.md).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WalletBenchmark {
  private static final Instant NOW = Instant.parse("2026-11-28T08:00:00Z");
  private static final long FLIGHT = 8881;

  @Param({"ECDSA_P256", "ED25519"})
  public SignatureAlgorithm algorithm;

  private Path dir;
  private SqliteWalletStore store;
  private Wallet wallet;
  private SoftwareSigner device;
  private SoftwareSigner terminal;
  private OfflineCredential credential;
  private TrustBundle bundle;
  private HandshakeOffer offer;
  private long nonce;
  private long cumulative;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    dir = Files.createTempDirectory("wallet-bench");
    SoftwareSigner issuer = SoftwareSigner.generate(SignatureAlgorithm.ED25519, new SecureRandom());
    terminal = SoftwareSigner.generate(SignatureAlgorithm.ED25519, new SecureRandom());
    PassphraseKeyProvider keys = new PassphraseKeyProvider(dir.resolve("device.key"), "bench".toCharArray(),
        new KdfParameters(1024, 1, 1), new SecureRandom());
    VerificationKey deviceKey = keys.create(algorithm);
    device = (SoftwareSigner) keys.signer(deviceKey);
    credential = new OfflineCredential(CredentialSerial.random(new SecureRandom()), 1, deviceKey,
        io.aloft.protocol.money.CurrencyUnit.of("CNY"), 1_000_000, 1_000_000_000_000_000L,
        NOW.minusSeconds(3600), NOW.plusSeconds(24 * 3600), FLIGHT, 3, Bytes.empty()).signedBy(issuer);
    TerminalCertificate certificate = new TerminalCertificate(1, 7, 42, "Cart 7", terminal.publicKey(),
        NOW.minusSeconds(86400), NOW.plusSeconds(86400), Bytes.empty()).signedBy(issuer);
    bundle = new TrustBundle(1, 2, FLIGHT, "9C8881", NOW.minusSeconds(3600), NOW.plusSeconds(12 * 3600),
        List.of(new IssuerKey(1, issuer.publicKey())), List.of(certificate), List.of(), List.of(),
        List.of(credential), List.of(), Bytes.empty()).signedBy(issuer);
    store = SqliteWalletStore.open(dir.resolve("wallet.db"));
    store.saveEnrolment(credential, bundle);
    wallet = Wallet.open(Wallet.Config.of(List.of(new IssuerKey(1, issuer.publicKey()))), store, keys, new Offline(),
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** A fresh, checked request for each handshake, so that confirming it is the only work measured. */
  @Setup(Level.Invocation)
  public void nextOffer() throws Exception {
    byte[] n = new byte[PaymentRequest.NONCE_LENGTH];
    java.nio.ByteBuffer.wrap(n).putLong(++nonce);
    PaymentRequest request = new PaymentRequest(7, 42, Money.of(1, "CNY"), PaymentRequest.digestOf(List.of()),
        Bytes.of(n), NOW, bundle.bundleVersion(), List.of(), Bytes.empty()).signedBy(terminal);
    offer = wallet.readRequest(request.toQrText()).value();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    store.close();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  /** One-scan code, committed to SQLite before its text is returned. */
  @Benchmark
  public String oneScanCommitted() throws Exception {
    return wallet.payAmount(Money.of(1, "CNY"), CodeForm.COMPACT).value().qrText();
  }

  /** Handshake authorization for a request already read and shown, committed before returned. */
  @Benchmark
  public String handshakeCommitted() throws Exception {
    return wallet.confirm(offer, CodeForm.COMPACT).value().qrText();
  }

  /** The same one-scan work without storage: spend rules, build, sign, QR text. */
  @Benchmark
  public String oneScanSignOnly() {
    Money amount = Money.of(1, "CNY");
    Quote quote = SpendRules.checkSpend(credential, bundle, amount, cumulative, NOW).value();
    cumulative = quote.cumulativeAfter().amountMinor();
    long counter = 1 + (cumulative % PaymentId.MAX_COUNTER);
    return new PaymentAuthorization(AuthorizationKind.ONE_SCAN_EXACT, credential.serial(), Optional.empty(), counter,
        cumulative, 1, Optional.empty(), NOW, Bytes.empty(), Bytes.empty())
        .signedBy(device, Optional.empty()).toQrText();
  }

  /** The benchmark never goes online. */
  private static final class Offline implements IssuerClient {
    @Override
    public Bytes enrolmentChallenge(long flightId) throws IssuerException {
      throw offline();
    }

    @Override
    public OfflineCredential enrol(EnrolmentProof proof) throws IssuerException {
      throw offline();
    }

    @Override
    public TrustBundle fetchBundle(long flightId) throws IssuerException {
      throw offline();
    }

    @Override
    public OutcomeReport uploadBills(List<BillUpload> bills) throws IssuerException {
      throw offline();
    }

    @Override
    public OutcomeReport fetchOutcomes(List<PaymentId> paymentIds) throws IssuerException {
      throw offline();
    }

    private static IssuerException offline() {
      return new IssuerException(IssuerException.Kind.UNREACHABLE, "offline", "benchmark runs offline");
    }
  }
}
