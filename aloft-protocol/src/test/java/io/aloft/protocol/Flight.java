package io.aloft.protocol;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.FxRate;
import io.aloft.protocol.money.Money;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A small flight built from fixed seeds: one issuer, one terminal, one enrolled payer, and the
 * bundle that ties them. Tests derive what they need from it and tamper with copies.
 */
public final class Flight {
  public static final Instant T0 = Instant.parse("2026-11-28T08:00:00Z");
  public static final long FLIGHT_ID = 8881;
  public static final long TERMINAL_ID = 7;
  public static final long MERCHANT_ID = 42;
  public static final CurrencyUnit CNY = CurrencyUnit.of("CNY");

  public final SoftwareSigner issuer;
  public final SoftwareSigner terminalKey;
  public final SoftwareSigner device;
  public final OfflineCredential credential;
  public final TerminalCertificate terminal;
  public final TrustBundle bundle;

  public Flight(SignatureAlgorithm deviceAlgorithm) {
    issuer = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, seed(1));
    terminalKey = SoftwareSigner.fromPrivateKey(SignatureAlgorithm.ED25519, seed(2));
    device = SoftwareSigner.fromPrivateKey(deviceAlgorithm, seed(3));
    credential = new OfflineCredential(CredentialSerial.fromHex("0011223344556677"), 1, device.publicKey(),
        CNY, 200_000, 500_000, T0.minusSeconds(3600), T0.plusSeconds(24 * 3600), FLIGHT_ID, 3, Bytes.empty())
        .signedBy(issuer);
    terminal = new TerminalCertificate(1, TERMINAL_ID, MERCHANT_ID, "Spring Airlines cart 1", terminalKey.publicKey(),
        T0.minusSeconds(86400), T0.plusSeconds(365L * 86400), Bytes.empty()).signedBy(issuer);
    bundle = new TrustBundle(1, 1, FLIGHT_ID, "9C8881", T0.minusSeconds(3600), T0.plusSeconds(12 * 3600),
        List.of(new IssuerKey(1, issuer.publicKey())), List.of(terminal), List.of(), List.of(),
        List.of(credential), List.of(new FxRate(CurrencyUnit.of("EUR"), CNY, 7_800_000_000L)), Bytes.empty())
        .signedBy(issuer);
  }

  public static Bytes seed(int n) {
    byte[] bytes = new byte[32];
    java.util.Arrays.fill(bytes, (byte) n);
    return Bytes.of(bytes);
  }

  public PaymentRequest request(long amountMinor) {
    return new PaymentRequest(TERMINAL_ID, MERCHANT_ID, Money.of(amountMinor, CNY), PaymentRequest.digestOf(List.of()),
        Bytes.fromHex("a1a2a3a4a5a6a7a8"), T0, bundle.bundleVersion(), List.of(), Bytes.empty()).signedBy(terminalKey);
  }

  public PaymentAuthorization handshake(PaymentRequest request, long counter, long cumulativeMinor) {
    return new PaymentAuthorization(AuthorizationKind.HANDSHAKE, credential.serial(), Optional.empty(), counter,
        cumulativeMinor, request.amount().amountMinor(), Optional.empty(), T0.plusSeconds(5), request.nonce(),
        Bytes.empty()).signedBy(device, Optional.of(request));
  }

  public PaymentAuthorization oneScan(long amountMinor, long counter, long cumulativeMinor, boolean selfContained) {
    return new PaymentAuthorization(AuthorizationKind.ONE_SCAN_EXACT, credential.serial(),
        selfContained ? Optional.of(credential) : Optional.empty(), counter, cumulativeMinor, amountMinor,
        Optional.empty(), T0.plusSeconds(5), Bytes.empty(), Bytes.empty()).signedBy(device, Optional.empty());
  }

  public static SecureRandom random() {
    return new SecureRandom();
  }
}
