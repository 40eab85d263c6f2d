package io.aloft.protocol.rules;

import static io.aloft.protocol.rules.Refusal.refuseIf;

import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CabinHello;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import java.time.Instant;

/**
 * May a terminal merge this digest, or trust this cabin peer? Only what a terminal certified for
 * the same flight, and neither revoked nor expired, in the receiver's current trust bundle,
 * signed. Pure.
 */
public final class CabinRules {
  private CabinRules() {}

  /**
   * A digest from another terminal of this bundle's flight, signed by it. {@code receiverId} is
   * the terminal checking: its own digest coming back is refused as WRONG_TERMINAL (it adds
   * nothing, and its own journal is the better record).
   */
  public static Verdict<CabinDigest> checkDigest(CabinDigest digest, TrustBundle bundle, long receiverId,
      Instant now, AcceptancePolicy policy) {
    try {
      CredentialChecks.checkBundleFresh(bundle, now, policy);
      refuseIf(digest.flightId() != bundle.flightId(), Reason.WRONG_FLIGHT,
          () -> "digest is for flight " + digest.flightId() + ", bundle for " + bundle.flightId());
      refuseIf(digest.terminalId() == receiverId, Reason.WRONG_TERMINAL, "this terminal's own digest");
      TerminalCertificate sender = CredentialChecks.terminal(bundle, digest.terminalId(), now);
      refuseIf(!Signatures.verify(sender.terminalKey(), digest.signingInput(), digest.signature()),
          Reason.BAD_SIGNATURE, () -> "digest signature does not verify under terminal " + digest.terminalId());
      return Verdict.accept(digest);
    } catch (Refusal refusal) {
      return refusal.toVerdict();
    }
  }

  /**
   * A peer's answer to {@code challenge}, the one this terminal ({@code receiverId}) sent on this
   * connection: signed by a terminal certified for this bundle's flight, not revoked, not this one.
   */
  public static Verdict<TerminalCertificate> checkHello(CabinHello hello, TrustBundle bundle, long receiverId,
      io.aloft.protocol.Bytes challenge, Instant now, AcceptancePolicy policy) {
    try {
      CredentialChecks.checkBundleFresh(bundle, now, policy);
      refuseIf(hello.flightId() != bundle.flightId(), Reason.WRONG_FLIGHT,
          () -> "peer sells on flight " + hello.flightId() + ", bundle is for " + bundle.flightId());
      refuseIf(hello.peerTerminalId() != receiverId || hello.terminalId() == receiverId, Reason.WRONG_TERMINAL,
          () -> "hello from " + hello.terminalId() + " answers terminal " + hello.peerTerminalId());
      refuseIf(!hello.challenge().equals(challenge), Reason.REQUEST_MISMATCH, "hello answers another challenge");
      TerminalCertificate peer = CredentialChecks.terminal(bundle, hello.terminalId(), now);
      refuseIf(!Signatures.verify(peer.terminalKey(), hello.signingInput(), hello.signature()),
          Reason.BAD_SIGNATURE, () -> "hello signature does not verify under terminal " + hello.terminalId());
      return Verdict.accept(peer);
    } catch (Refusal refusal) {
      return refusal.toVerdict();
    }
  }
}
