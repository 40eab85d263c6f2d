package io.aloft.simulation.fuzz;

import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CabinHello;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.SignedMessage;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import io.aloft.protocol.rules.AcceptancePolicy;
import io.aloft.protocol.rules.BundleRules;
import io.aloft.protocol.rules.CabinRules;
import io.aloft.protocol.rules.CredentialHistory;
import io.aloft.protocol.rules.NoteRules;
import io.aloft.protocol.rules.PaymentRules;
import io.aloft.protocol.rules.Presentation;
import io.aloft.protocol.rules.SpendRules;
import io.aloft.protocol.rules.Verdict;
import java.util.List;
import java.util.Optional;

/**
 * Runs a decoded message through the verifier that a device or the server would run on it, in
 * the corpus's flight at {@link Corpus#NOW}: the protocol's rules where one exists, else the
 * signature check against the key the bundle names. Returns the verifier that accepted it, if any.
 */
final class Verifiers {
  private final Corpus corpus;

  Verifiers(Corpus corpus) {
    this.corpus = corpus;
  }

  Optional<String> acceptedBy(SignedMessage message) {
    if (message instanceof PaymentAuthorization authorization) {
      return payment(authorization);
    }
    if (message instanceof PaymentRequest request) {
      return when(SpendRules.checkRequest(request, corpus.bundle, corpus.payers.get(0).credential(), 0, Corpus.NOW,
          AcceptancePolicy.DEFAULT), "SpendRules.checkRequest");
    }
    if (message instanceof TrustBundle bundle) {
      return when(BundleRules.checkInstall(bundle, List.of(corpus.issuerKey()), Optional.empty(), Corpus.NOW),
          "BundleRules.checkInstall");
    }
    if (message instanceof Receipt receipt) {
      PaymentAuthorization paid = corpus.authorization(receipt.paymentId()).orElse(corpus.authorizations.get(0));
      return when(NoteRules.checkReceipt(receipt, paid, corpus.bundle), "NoteRules.checkReceipt");
    }
    if (message instanceof RefundNote note) {
      Receipt receipt = corpus.receipts.get(0);
      return when(NoteRules.checkRefund(note, receipt, Money.zero(receipt.charged().currency()), corpus.bundle),
          "NoteRules.checkRefund");
    }
    if (message instanceof OfflineCredential credential) {
      return signedByIssuer(credential.issuerKeyId(), credential) ? Optional.of("issuer signature") : Optional.empty();
    }
    if (message instanceof TerminalCertificate certificate) {
      return signedByIssuer(certificate.issuerKeyId(), certificate) ? Optional.of("issuer signature") : Optional.empty();
    }
    if (message instanceof TerminalBatch batch) {
      return corpus.bundle.terminal(batch.terminalId())
          .filter(t -> Signatures.verify(t.terminalKey(), batch.signingInput(), batch.signature()))
          .map(t -> "terminal signature");
    }
    if (message instanceof CabinDigest digest) {
      // As terminal 8 would merge it.
      return when(CabinRules.checkDigest(digest, corpus.bundle, Corpus.OTHER_TERMINAL_ID, Corpus.NOW,
          AcceptancePolicy.DEFAULT), "CabinRules.checkDigest");
    }
    if (message instanceof CabinHello hello) {
      // As the terminal it answers would check it, on the connection where it sent the corpus challenge.
      return when(CabinRules.checkHello(hello, corpus.bundle, hello.peerTerminalId(), Corpus.CABIN_CHALLENGE,
          Corpus.NOW, AcceptancePolicy.DEFAULT), "CabinRules.checkHello");
    }
    throw new AssertionError("no verifier for " + message.type() + ": add one");
  }

  /** As the terminal it was made for would check it (terminal 7 for one-scan codes). */
  private Optional<String> payment(PaymentAuthorization authorization) {
    Presentation presentation;
    long terminalId = Corpus.TERMINAL_ID;
    if (authorization.kind() == AuthorizationKind.HANDSHAKE) {
      PaymentRequest request = corpus.requestAnswered(authorization).orElse(corpus.requests.get(0));
      presentation = Presentation.handshake(authorization, request);
      terminalId = request.terminalId();
    } else if (authorization.kind() == AuthorizationKind.ONE_SCAN_CAP) {
      OfflineCredential credential = authorization.embeddedCredential()
          .or(() -> corpus.bundle.manifestEntry(authorization.serial()))
          .orElse(corpus.payers.get(0).credential());
      presentation = Presentation.cap(authorization, Money.of(Math.max(1, authorization.amountMinor() / 2),
          authorization.currency(credential)));
    } else {
      presentation = Presentation.oneScan(authorization);
    }
    return when(PaymentRules.check(presentation, corpus.bundle, terminalId, CredentialHistory.empty(), Corpus.NOW,
        AcceptancePolicy.DEFAULT), "PaymentRules.check");
  }

  private boolean signedByIssuer(int keyId, SignedMessage message) {
    return corpus.bundle.issuerKey(keyId)
        .map(k -> Signatures.verify(k.key(), message.signingInput(), message.signature()))
        .orElse(false);
  }

  private static Optional<String> when(Verdict<?> verdict, String verifier) {
    return verdict.isAccepted() ? Optional.of(verifier) : Optional.empty();
  }
}
