package io.aloft.terminal.sale;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.Optionals;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.codec.DecodeFailure;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.LineItem;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.qr.QrText;
import io.aloft.protocol.rules.AcceptancePolicy;
import io.aloft.protocol.rules.AcceptedPayment;
import io.aloft.protocol.rules.CredentialHistory;
import io.aloft.protocol.rules.PaymentRules;
import io.aloft.protocol.rules.Presentation;
import io.aloft.protocol.rules.Reason;
import io.aloft.protocol.rules.Verdict;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.terminal.cabin.CabinKeeper;
import io.aloft.terminal.journal.EntryKind;
import io.aloft.terminal.journal.Journal;
import io.aloft.terminal.journal.JournalChain;
import io.aloft.terminal.journal.JournalEntry;
import io.aloft.terminal.journal.JournalWriter;
import io.aloft.terminal.trust.BundleKeeper;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Selling: signed payment requests out, scanned codes in. The decision is the protocol's
 * {@link PaymentRules}; this class only gathers its inputs (bundle, the request a handshake
 * answers, the credential's history from the journal and the cabin) and journals what passes.
 */
public final class Checkout {
  private final long terminalId;
  private final Signer terminalKey;
  private final AcceptancePolicy policy;
  private final BundleKeeper bundles;
  private final RequestStore requests;
  private final int openRequestsKept;
  private final Journal journal;
  private final CabinKeeper cabin;
  private final JournalWriter writer;
  private final Random random;

  public Checkout(long terminalId, Signer terminalKey, AcceptancePolicy policy, BundleKeeper bundles,
      RequestStore requests, int openRequestsKept, Journal journal, CabinKeeper cabin, Random random) {
    this.terminalId = terminalId;
    this.terminalKey = terminalKey;
    this.policy = policy;
    this.bundles = bundles;
    this.requests = requests;
    this.openRequestsKept = openRequestsKept;
    this.journal = journal;
    this.cabin = cabin;
    this.writer = new JournalWriter(journal, terminalId, terminalKey);
    this.random = random;
  }

  /**
   * A signed request for {@code amount}. Line items, when given, travel in the QR code and must
   * sum to the amount (IllegalArgumentException otherwise); their digest is signed either way.
   * Refused with BUNDLE_EXPIRED, UNKNOWN_TERMINAL, TERMINAL_REVOKED when the terminal cannot sell.
   */
  public Verdict<RequestCode> createRequest(Money amount, List<LineItem> items, Instant now) {
    Optional<TrustBundle> bundle = bundles.current();
    if (!bundle.isPresent()) {
      return Verdict.reject(Reason.BUNDLE_EXPIRED, "no trust bundle installed");
    }
    var certificate = bundle.get().terminal(terminalId);
    if (!certificate.isPresent() || bundle.get().isTerminalRevoked(terminalId)) {
      return Verdict.reject(!certificate.isPresent() ? Reason.UNKNOWN_TERMINAL : Reason.TERMINAL_REVOKED,
          "terminal " + terminalId + " cannot sell under bundle " + bundle.get().bundleVersion());
    }
    byte[] nonce = new byte[PaymentRequest.NONCE_LENGTH];
    random.nextBytes(nonce);
    PaymentRequest request = new PaymentRequest(terminalId, certificate.get().merchantId(), amount,
        PaymentRequest.digestOf(items), Bytes.of(nonce), now, bundle.get().bundleVersion(), items, Bytes.empty())
        .signedBy(terminalKey);
    requests.saveRequest(request.nonce(), Bytes.of(request.encode()), now, openRequestsKept);
    return Verdict.accept(new RequestCode(request, request.toQrText()));
  }

  /** Accepts or refuses a scanned code; see {@link io.aloft.terminal.Terminal#accept(String)}. */
  public Verdict<Sale> accept(String scanned, Optional<Money> charge, Instant now) {
    Optional<TrustBundle> bundle = bundles.current();
    if (!bundle.isPresent()) {
      return Verdict.reject(Reason.BUNDLE_EXPIRED, "no trust bundle installed");
    }
    PaymentAuthorization authorization;
    try {
      authorization = PaymentAuthorization.decode(QrText.decode(scanned));
    } catch (DecodeException e) {
      return Verdict.reject(e.failure() == DecodeFailure.UNKNOWN_TYPE ? Reason.WRONG_KIND : Reason.MALFORMED,
          e.getMessage());
    }
    Verdict<Optional<PaymentRequest>> answered = requestAnswered(authorization);
    if (answered instanceof Verdict.Rejected<Optional<PaymentRequest>> rejected) {
      return Verdict.reject(rejected.reason(), rejected.detail());
    }
    Presentation presentation = new Presentation(authorization, answered.value(), charge);
    CredentialHistory history = cabin.history(authorization.serial(), now);
    Verdict<AcceptedPayment> verdict =
        PaymentRules.check(presentation, bundle.get(), terminalId, history, now, policy);
    if (verdict instanceof Verdict.Rejected<AcceptedPayment> rejected) {
      return Verdict.reject(rejected.reason(), rejected.detail());
    }
    Optional<String> cutOff = cabin.outOfContactLimit(authorization.serial(), now);
    if (cutOff.isPresent()) {
      return Verdict.reject(Reason.OVER_TOTAL_LIMIT, cutOff.get());
    }
    return Verdict.accept(journal(verdict.value(), presentation, now));
  }

  /**
   * The request a handshake answers: one this terminal showed and nobody has paid, or, for the
   * very code that paid it, the paid one (so that the rules report the replay as such).
   */
  private Verdict<Optional<PaymentRequest>> requestAnswered(PaymentAuthorization authorization) {
    if (authorization.kind().isOneScan()) {
      return Verdict.accept(Optional.empty());
    }
    Bytes nonce = authorization.requestNonce();
    Optional<JournalEntry> paid = journal.paymentAnswering(nonce);
    if (paid.isPresent() && !paid.get().paymentId().equals(authorization.paymentId())) {
      return Verdict.reject(Reason.REQUEST_MISMATCH,
          "request " + nonce + " was already paid by payment " + paid.get().paymentId());
    }
    Optional<Bytes> encoded = Optionals.firstPresent(paid.map(JournalEntry::request), () -> requests.request(nonce));
    if (!encoded.isPresent()) {
      return Verdict.reject(Reason.REQUEST_MISMATCH,
          "answers request " + nonce + ", which this terminal did not make or no longer holds");
    }
    try {
      return Verdict.accept(Optional.of(PaymentRequest.decode(encoded.get().toByteArray())));
    } catch (DecodeException e) {
      throw new IllegalStateException("a stored payment request does not decode", e);
    }
  }

  private Sale journal(AcceptedPayment accepted, Presentation presentation, Instant now) {
    long sequence = writer.nextSequence();
    PaymentAuthorization authorization = accepted.authorization();
    Receipt receipt = new Receipt(accepted.paymentId(), terminalId, accepted.charged(),
        Receipt.digestOf(authorization), now, sequence, Bytes.empty()).signedBy(terminalKey);
    Bytes request = presentation.request().map(r -> Bytes.of(r.encode())).orElse(Bytes.empty());
    JournalEntry draft = new JournalEntry(sequence, EntryKind.PAYMENT, accepted.paymentId(), 0, now,
        accepted.charged(), accepted.signedCharge().amountMinor(), accepted.cumulative().amountMinor(),
        Bytes.of(authorization.encode()), request, Bytes.of(receipt.encode()), JournalChain.GENESIS,
        JournalChain.GENESIS);
    JournalEntry committed = writer.append(draft);
    return new Sale(committed.paymentId(), committed.amount(), committed.sequence(), receipt, receipt.toQrText());
  }
}
