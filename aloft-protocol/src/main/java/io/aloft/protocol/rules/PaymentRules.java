package io.aloft.protocol.rules;

import static io.aloft.protocol.rules.Refusal.refuseIf;

import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import java.time.Instant;
import java.util.Optional;

/**
 * The offline acceptance rules: may this terminal accept this payment, given the trust bundle it
 * holds, what it has seen of the credential, and its clock? A pure function, called by the
 * terminal when a code is scanned and by the server when it settles (with the receipt's time as
 * {@code now} and every terminal's history of the credential).
 *
 * <p>Checks run cheapest and most telling first; a forged code is reported as a bad signature
 * unless it names a credential or key this verifier never heard of.
 */
public final class PaymentRules {
  private PaymentRules() {}

  public static Verdict<AcceptedPayment> check(Presentation presentation, TrustBundle bundle,
      long terminalId, CredentialHistory history, Instant now, AcceptancePolicy policy) {
    try {
      return Verdict.accept(run(presentation, bundle, terminalId, history, now, policy));
    } catch (Refusal refusal) {
      return refusal.toVerdict();
    }
  }

  private static AcceptedPayment run(Presentation presentation, TrustBundle bundle, long terminalId,
      CredentialHistory history, Instant now, AcceptancePolicy policy) throws Refusal {
    PaymentAuthorization authorization = presentation.authorization();
    CredentialChecks.checkBundleFresh(bundle, now, policy);
    TerminalCertificate terminal = CredentialChecks.terminal(bundle, terminalId, now);
    OfflineCredential credential = CredentialChecks.resolve(authorization, bundle);
    checkShape(presentation);
    // Before the signature: a code scanned against the wrong (say, the previous) request is the
    // crew's everyday mistake, and says so, rather than looking like a forgery.
    refuseIf(presentation.request().filter(r -> !r.nonce().equals(authorization.requestNonce())).isPresent(),
        Reason.REQUEST_MISMATCH, "authorization answers another request nonce");
    refuseIf(!Signatures.verify(credential.deviceKey(), authorization.signingInput(presentation.request()),
        authorization.signature()), Reason.BAD_SIGNATURE, "device signature does not verify");
    if (presentation.request().isPresent()) {
      checkRequest(presentation, presentation.request().get(), terminal);
    }
    CredentialChecks.checkStanding(credential, bundle, authorization.time());
    if (authorization.kind().isOneScan()) {
      CredentialChecks.checkOneScanAge(authorization.time(), now, bundle.oneScanPolicy(), policy.maxClockSkew());
    } else {
      CredentialChecks.checkClock(authorization.time(), now, policy.maxClockSkew());
    }
    return checkAmounts(presentation, credential, terminal, bundle, history);
  }

  /** Handshakes answer a request; one-scan codes stand alone; only caps take a separate charge. */
  private static void checkShape(Presentation presentation) throws Refusal {
    AuthorizationKind kind = presentation.authorization().kind();
    refuseIf(kind == AuthorizationKind.HANDSHAKE && !presentation.request().isPresent(), Reason.WRONG_KIND,
        "a handshake authorization needs the request it answers");
    refuseIf(kind.isOneScan() && presentation.request().isPresent(), Reason.WRONG_KIND,
        "a one-scan code answers no request");
    refuseIf(kind != AuthorizationKind.ONE_SCAN_CAP && presentation.charge().isPresent()
            && presentation.charge().get().amountMinor() != presentation.authorization().amountMinor(),
        Reason.CHARGE_ABOVE_SIGNED, "only a cap code may be charged other than its signed amount");
  }

  /**
   * The request binds the terminal and merchant and is signed by that terminal. When the caller
   * verified an enclosing signature of that same terminal over the request's bytes (a terminal
   * batch), the request's own signature adds nothing and is not checked again; the terminal and
   * merchant bindings are checked in every case.
   */
  private static void checkRequest(Presentation presentation, PaymentRequest request,
      TerminalCertificate terminal) throws Refusal {
    PaymentAuthorization authorization = presentation.authorization();
    refuseIf(request.terminalId() != terminal.terminalId(), Reason.WRONG_TERMINAL,
        () -> "request was made by terminal " + request.terminalId() + ", not " + terminal.terminalId());
    refuseIf(request.merchantId() != terminal.merchantId(), Reason.WRONG_MERCHANT,
        () -> "request names merchant " + request.merchantId() + ", terminal belongs to " + terminal.merchantId());
    refuseIf(!presentation.requestAlreadyAuthenticated(request)
            && !Signatures.verify(terminal.terminalKey(), request.signingInput(), request.signature()),
        Reason.BAD_SIGNATURE, () -> "request signature does not verify under terminal " + terminal.terminalId());
    refuseIf(request.amount().amountMinor() != authorization.amountMinor(), Reason.REQUEST_MISMATCH,
        "authorization amount differs from the request's");
  }

  private static AcceptedPayment checkAmounts(Presentation presentation, OfflineCredential credential,
      TerminalCertificate terminal, TrustBundle bundle, CredentialHistory history) throws Refusal {
    PaymentAuthorization authorization = presentation.authorization();
    refuseIf(authorization.explicitCurrency().filter(credential.currency()::equals).isPresent(),
        Reason.MALFORMED, "currency sent although it is the credential's (non-canonical)");
    Money signed = Money.of(authorization.amountMinor(), authorization.currency(credential));
    if (presentation.request().isPresent()
        && !presentation.request().get().currency().equals(signed.currency())) {
      throw new Refusal(Reason.REQUEST_MISMATCH, "authorization currency differs from the request's");
    }
    Money charged = chargeOf(presentation, signed);
    Money signedCharge = CredentialChecks.inCredentialCurrency(signed, credential, bundle);
    if (authorization.kind().isOneScan()) {
      CredentialChecks.checkOneScanMax(credential, signedCharge, bundle);
    }
    CredentialChecks.checkLimits(credential, signedCharge, authorization.cumulativeMinor());
    checkHistory(authorization.counter(), authorization.cumulativeMinor(), signedCharge.amountMinor(), history);
    checkSpend(credential, signedCharge.amountMinor(), history);
    return new AcceptedPayment(authorization, credential, terminal, charged, signedCharge,
        CredentialChecks.inCredentialCurrency(charged, credential, bundle),
        Money.of(authorization.cumulativeMinor(), credential.currency()));
  }

  /**
   * Spend the credential is known to have made, at this verifier or (merged from cabin digests)
   * at others, plus this charge, stays within the total limit. For a history of one content per
   * counter whose cumulatives agree, {@link #checkHistory} already implies this; it binds when
   * copies of one credential paid at carts that had not heard of each other.
   */
  private static void checkSpend(OfflineCredential credential, long signedChargeMinor, CredentialHistory history)
      throws Refusal {
    long spent = history.spentMinor();
    refuseIf(spent > credential.totalLimitMinor() - signedChargeMinor, Reason.OVER_TOTAL_LIMIT,
        () -> "known spend " + spent + " plus " + signedChargeMinor + " is above the total limit "
            + credential.totalLimitMinor());
  }

  private static Money chargeOf(Presentation presentation, Money signed) throws Refusal {
    Optional<Money> charge = presentation.charge();
    if (!charge.isPresent()) {
      return signed;
    }
    refuseIf(!charge.get().currency().equals(signed.currency()), Reason.CHARGE_ABOVE_SIGNED,
        () -> "charge in " + charge.get().currency() + ", code signed in " + signed.currency());
    refuseIf(charge.get().amountMinor() < 1 || charge.get().isGreaterThan(signed), Reason.CHARGE_ABOVE_SIGNED,
        () -> "charge " + charge.get() + " is not within the signed " + signed);
    return charge.get();
  }

  /**
   * The history rules on their own: may a payment the rest of the rules accepted join what this
   * verifier has already accepted of the credential? The server calls this with every terminal's
   * settled payments after it checked signatures, limits and validity with {@link #check}.
   */
  public static Verdict<SeenPayment> checkHistory(SeenPayment payment, CredentialHistory history) {
    try {
      checkHistory(payment.counter(), payment.cumulativeMinor(), payment.signedChargeMinor(), history);
      return Verdict.accept(payment);
    } catch (Refusal refusal) {
      return refusal.toVerdict();
    }
  }

  /**
   * A counter is used once, and cumulative spend must grow by at least each payment's charge in
   * counter order: the payer cannot spend the same allowance at two terminals without one of
   * them, or the server, seeing the gap close.
   */
  private static void checkHistory(long counter, long cumulativeMinor, long signedChargeMinor,
      CredentialHistory history) throws Refusal {
    refuseIf(history.contains(counter), Reason.REPLAYED_COUNTER, () -> "counter " + counter + " was already accepted");
    long before = cumulativeMinor - signedChargeMinor;
    Optional<SeenPayment> previous = history.before(counter);
    refuseIf(previous.isPresent() && before < previous.get().cumulativeMinor(), Reason.INCONSISTENT_CUMULATIVE,
        () -> "cumulative before this payment " + before + " is below counter "
            + previous.map(SeenPayment::counter).orElse(0L) + "'s " + previous.map(SeenPayment::cumulativeMinor).orElse(0L));
    Optional<SeenPayment> next = history.after(counter);
    refuseIf(next.isPresent() && next.get().cumulativeBeforeMinor() < cumulativeMinor,
        Reason.INCONSISTENT_CUMULATIVE, "a later counter signed less cumulative spend than this payment");
  }
}
