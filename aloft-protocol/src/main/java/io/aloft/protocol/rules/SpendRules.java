package io.aloft.protocol.rules;

import static io.aloft.protocol.rules.Refusal.refuseIf;

import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.Money;
import java.time.Instant;

/**
 * The wallet's side: may this payer sign this payment? The wallet runs these before it signs
 * anything, so it never signs beyond its limits and never pays a terminal it cannot check.
 */
public final class SpendRules {
  private SpendRules() {}

  /** A handshake: check the terminal's request against the bundle, then the payer's limits. */
  public static Verdict<Quote> checkRequest(PaymentRequest request, TrustBundle bundle,
      OfflineCredential credential, long cumulativeSoFarMinor, Instant now, AcceptancePolicy policy) {
    checkCumulativeSoFar(cumulativeSoFarMinor);
    try {
      CredentialChecks.checkBundleFresh(bundle, now, policy);
      TerminalCertificate terminal = CredentialChecks.terminal(bundle, request.terminalId(), now);
      refuseIf(!Signatures.verify(terminal.terminalKey(), request.signingInput(), request.signature()),
          Reason.BAD_SIGNATURE, () -> "request signature does not verify under terminal " + request.terminalId());
      refuseIf(request.merchantId() != terminal.merchantId(), Reason.WRONG_MERCHANT,
          () -> "request names merchant " + request.merchantId() + ", terminal belongs to " + terminal.merchantId());
      CredentialChecks.checkClock(request.time(), now, policy.maxClockSkew());
      Quote quote = quote(credential, bundle, request.amount(), cumulativeSoFarMinor, now);
      return Verdict.accept(new Quote(java.util.Optional.of(terminal), quote.amount(),
          quote.signedCharge(), quote.cumulativeAfter()));
    } catch (Refusal refusal) {
      return refusal.toVerdict();
    }
  }

  /**
   * A one-scan code for {@code amount}: the payer's limits, FX when the amount is not in the
   * credential's currency (which needs a bundle with the rate), and the bundle's largest one-scan
   * amount ({@link Reason#ONE_SCAN_OVER_MAX}: larger amounts go through the handshake).
   */
  public static Verdict<Quote> checkSpend(OfflineCredential credential, TrustBundle bundleOrNull,
      Money amount, long cumulativeSoFarMinor, Instant now) {
    checkCumulativeSoFar(cumulativeSoFarMinor);
    try {
      refuseIf(bundleOrNull == null && !amount.currency().equals(credential.currency()),
          Reason.CURRENCY_NOT_COVERED, () -> "no trust bundle to convert " + amount.currency());
      if (bundleOrNull == null) {
        CredentialChecks.checkValidity(credential, now);
        long cumulativeAfter = Math.addExact(cumulativeSoFarMinor, amount.amountMinor());
        CredentialChecks.checkLimits(credential, amount, cumulativeAfter);
        return Verdict.accept(new Quote(java.util.Optional.empty(), amount, amount,
            Money.of(cumulativeAfter, credential.currency())));
      }
      Quote quote = quote(credential, bundleOrNull, amount, cumulativeSoFarMinor, now);
      CredentialChecks.checkOneScanMax(credential, quote.signedCharge(), bundleOrNull);
      return Verdict.accept(quote);
    } catch (Refusal refusal) {
      return refusal.toVerdict();
    } catch (ArithmeticException e) {
      return Verdict.reject(Reason.OVER_TOTAL_LIMIT, "cumulative spend overflows");
    }
  }

  /** The wallet's own running total; negative is a caller bug, not an operating outcome. */
  private static void checkCumulativeSoFar(long cumulativeSoFarMinor) {
    if (cumulativeSoFarMinor < 0) {
      throw new IllegalArgumentException("cumulativeSoFarMinor must not be negative: " + cumulativeSoFarMinor);
    }
  }

  private static Quote quote(OfflineCredential credential, TrustBundle bundle, Money amount,
      long cumulativeSoFarMinor, Instant now) throws Refusal {
    CredentialChecks.checkStanding(credential, bundle, now);
    Money signedCharge = CredentialChecks.inCredentialCurrency(amount, credential, bundle);
    long cumulativeAfter;
    try {
      cumulativeAfter = Math.addExact(cumulativeSoFarMinor, signedCharge.amountMinor());
    } catch (ArithmeticException e) {
      throw new Refusal(Reason.OVER_TOTAL_LIMIT, "cumulative spend overflows");
    }
    CredentialChecks.checkLimits(credential, signedCharge, cumulativeAfter);
    return new Quote(java.util.Optional.empty(), amount, signedCharge,
        Money.of(cumulativeAfter, credential.currency()));
  }
}
