package io.aloft.simulation.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.EnrolmentProof;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.SignedMessage;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.qr.QrText;
import io.aloft.testkit.TempDirectories;
import io.aloft.wallet.Wallet;
import io.aloft.protocol.rules.Verdict;
import io.aloft.wallet.issuer.BillUpload;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.issuer.OutcomeReport;
import io.aloft.wallet.keys.KdfParameters;
import io.aloft.wallet.keys.PassphraseKeyProvider;
import io.aloft.wallet.pay.HandshakeOffer;
import io.aloft.wallet.pay.IssuedCode;
import io.aloft.wallet.store.SqliteWalletStore;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The wallet's scan path under fuzz: a real wallet (SQLite store, sealed device key) enrolled on
 * the corpus flight reads genuine payment requests and receipts, each surrounded by mutated and
 * forged versions of them. Only rejected verdicts come back; the wallet offers to pay only
 * requests a certified terminal signed, and keeps only receipts the terminal that was paid signed.
 */
class WalletFuzzTest {
  private static final Corpus CORPUS = new Corpus();
  private static final SoftwareSigner ATTACKER = Corpus.key(SignatureAlgorithm.ED25519, 92);

  private final FuzzRun run = new FuzzRun("WalletFuzzTest", 15, true);
  private final Map<Bytes, Bytes> genuine = new HashMap<>();
  private Path directory;
  private SqliteWalletStore store;
  private Wallet wallet;
  private long cases;
  private long offers;
  private long receipts;
  private long nonce;

  /** Enrols the wallet's own device key on the corpus flight, with a bundle that lists it. */
  private static final class Issuer implements IssuerClient {
    OfflineCredential credential;

    @Override
    public Bytes enrolmentChallenge(long flightId) {
      return Bytes.of(new byte[EnrolmentProof.CHALLENGE_LENGTH]);
    }

    @Override
    public OfflineCredential enrol(EnrolmentProof proof) {
      if (!proof.verifies()) {
        throw new AssertionError("the wallet sent a proof that does not verify");
      }
      credential = new OfflineCredential(CredentialSerial.fromHex("00aa0000000000ff"), 1, proof.deviceKey(),
          Corpus.CNY, Corpus.PER_PAYMENT_LIMIT, Corpus.TOTAL_LIMIT * 1000, Corpus.T0.minusSeconds(3600),
          Corpus.T0.plusSeconds(24 * 3600), proof.flightId(), 3, Bytes.empty()).signedBy(CORPUS.issuer);
      return credential;
    }

    @Override
    public TrustBundle fetchBundle(long flightId) {
      TrustBundle base = CORPUS.bundle;
      List<OfflineCredential> manifest = new java.util.ArrayList<>(base.manifest());
      manifest.add(credential);
      return new TrustBundle(1, base.bundleVersion(), flightId, base.flightCode(), base.issuedAt(), base.expiresAt(),
          base.issuerKeys(), base.terminals(), base.revokedCredentials(), base.revokedTerminals(), manifest,
          base.fxRates(), base.oneScanPolicy(), base.catalogue(), Bytes.empty()).signedBy(CORPUS.issuer);
    }

    @Override
    public OutcomeReport uploadBills(List<BillUpload> bills) {
      throw new UnsupportedOperationException("offline");
    }

    @Override
    public OutcomeReport fetchOutcomes(List<PaymentId> paymentIds) {
      throw new UnsupportedOperationException("offline");
    }
  }

  @BeforeEach
  void open() throws Exception {
    directory = TempDirectories.create("aloft-wallet-fuzz");
    store = SqliteWalletStore.open(directory.resolve("wallet.db"));
    wallet = Wallet.open(Wallet.Config.of(List.of(CORPUS.issuerKey())), store,
        new PassphraseKeyProvider(directory.resolve("device.key"), "fuzz".toCharArray(), new KdfParameters(64, 1, 1),
            new SecureRandom()), new Issuer(), Clock.fixed(Corpus.NOW, ZoneOffset.UTC));
    wallet.enrol(Corpus.FLIGHT_ID).value();
    // Splicing can rebuild a corpus message whole: those are genuinely signed too.
    CORPUS.genuine().forEach(this::remember);
  }

  @AfterEach
  void close() {
    store.close();
    TempDirectories.delete(directory);
  }

  @Test
  void mutatedAndForgedRequestsAndReceipts_areRefused_andGenuineOnesAccepted() {
    long started = System.nanoTime();
    SplittableRandom rounds = new SplittableRandom(Long.getLong("fuzz.seed", 20261128) + 1);
    while (cases < run.cases()) {
      round(rounds.nextLong());
    }
    System.out.printf("WalletFuzzTest: %d cases, %d genuine offers, %d genuine receipts kept, %.1f s%n",
        cases, offers, receipts, (System.nanoTime() - started) / 1e9);

    assertThat(run.failureCount()).as(run.report()).isZero();
    assertThat(offers).as("genuine requests offered").isPositive();
    assertThat(receipts).as("genuine receipts kept").isPositive();
  }

  /** A genuine request amid hostile versions of it; sometimes paid, then its receipt amid hostile versions. */
  private void round(long roundSeed) {
    SplittableRandom random = new SplittableRandom(roundSeed);
    Mutator mutator = new Mutator(random);
    boolean otherTerminal = random.nextInt(4) == 0;
    PaymentRequest request = request(random, otherTerminal);
    int hostile = 1 + random.nextInt(12);
    for (int i = 0; i < hostile; i++) {
      readRequest(roundSeed, hostileVersion(request, mutator, otherTerminal ? CORPUS.otherTerminalKey : CORPUS.terminalKey));
    }
    Optional<HandshakeOffer> offer = readRequest(roundSeed, request.toQrText());
    if (offer.isEmpty()) {
      run.fail(roundSeed, "genuine request refused: " + request);
      return;
    }
    offers++;
    if (otherTerminal || random.nextInt(3) != 0) {
      return;
    }
    Verdict<IssuedCode> code = wallet.confirm(offer.get());
    if (!code.isAccepted()) {
      run.fail(roundSeed, "confirming a genuine offer was refused: " + code);
      return;
    }
    receipts(roundSeed, mutator, code.value());
  }

  private PaymentRequest request(SplittableRandom random, boolean otherTerminal) {
    byte[] bytes = new byte[PaymentRequest.NONCE_LENGTH];
    java.nio.ByteBuffer.wrap(bytes).putLong(++nonce);
    long terminalId = otherTerminal ? Corpus.OTHER_TERMINAL_ID : Corpus.TERMINAL_ID;
    long merchantId = otherTerminal ? Corpus.OTHER_MERCHANT_ID : Corpus.MERCHANT_ID;
    PaymentRequest request = new PaymentRequest(terminalId, merchantId, Money.of(1 + random.nextInt(50), Corpus.CNY),
        PaymentRequest.digestOf(List.of()), Bytes.of(bytes), Corpus.T0, 3, List.of(), Bytes.empty())
        .signedBy(otherTerminal ? CORPUS.otherTerminalKey : CORPUS.terminalKey);
    remember(request);
    return request;
  }

  private void remember(SignedMessage message) {
    genuine.put(Bytes.of(message.body()), message.signature());
  }

  private String hostileVersion(SignedMessage message, Mutator mutator, SoftwareSigner rightfulKey) {
    return switch (mutator.nextInt(4)) {
      case 0 -> mutator.mutateText(message.toQrText());
      case 1 -> QrText.encode(mutator.mutateBytes(message.encode(), CORPUS.requests.get(0).encode()));
      case 2 -> QrText.encode(Mutator.forge(message.type(), message.body(), ATTACKER));
      default -> {
        // The other certified terminal signs in this one's name: a real key, the wrong identity.
        SoftwareSigner wrong = rightfulKey == CORPUS.terminalKey ? CORPUS.otherTerminalKey : CORPUS.terminalKey;
        yield QrText.encode(Mutator.forge(message.type(),
            mutator.chance(2) ? message.body() : mutator.mutateBytes(message.body(), message.body()), wrong));
      }
    };
  }

  private Optional<HandshakeOffer> readRequest(long roundSeed, String text) {
    cases++;
    try {
      Verdict<HandshakeOffer> offer = wallet.readRequest(text);
      if (!offer.isAccepted()) {
        return Optional.empty();
      }
      if (!isGenuine(offer.value().request())) {
        run.fail(roundSeed, "offered to pay a request no terminal signed: " + text);
      }
      return Optional.of(offer.value());
    } catch (RuntimeException | Error e) {
      run.fail(roundSeed, "readRequest threw " + e + " on " + text);
      return Optional.empty();
    }
  }

  private void receipts(long roundSeed, Mutator mutator, IssuedCode code) {
    PaymentAuthorization authorization;
    try {
      authorization = PaymentAuthorization.decode(QrText.decode(code.qrText()));
    } catch (io.aloft.protocol.codec.DecodeException e) {
      run.fail(roundSeed, "the wallet's own code does not decode: " + code.qrText());
      return;
    }
    Receipt receipt = new Receipt(authorization.paymentId(), Corpus.TERMINAL_ID,
        Money.of(authorization.amountMinor(), Corpus.CNY), Receipt.digestOf(authorization), Corpus.NOW, 1, Bytes.empty())
        .signedBy(CORPUS.terminalKey);
    remember(receipt);
    int hostile = 1 + mutator.nextInt(8);
    for (int i = 0; i < hostile; i++) {
      scanReceipt(roundSeed, hostileVersion(receipt, mutator, CORPUS.terminalKey), false);
    }
    scanReceipt(roundSeed, receipt.toQrText(), true);
  }

  private void scanReceipt(long roundSeed, String text, boolean mustKeep) {
    cases++;
    try {
      var bill = wallet.scanReceipt(text);
      if (!bill.isAccepted()) {
        if (mustKeep) {
          run.fail(roundSeed, "genuine receipt refused: " + bill);
        }
        return;
      }
      Receipt kept = bill.value().receipt().orElseThrow();
      if (!isGenuine(kept)) {
        run.fail(roundSeed, "kept a receipt no terminal signed: " + text);
      } else if (mustKeep) {
        receipts++;
      }
    } catch (RuntimeException | Error e) {
      run.fail(roundSeed, "scanReceipt threw " + e + " on " + text);
    }
  }

  private boolean isGenuine(SignedMessage message) {
    Bytes signature = genuine.get(Bytes.of(message.body()));
    return signature != null && signature.equals(message.signature());
  }
}
