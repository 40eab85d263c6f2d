package io.aloft.cli.device;

import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.ServerOption;
import io.aloft.cli.http.ApiClient;
import io.aloft.cli.http.ApiException;
import io.aloft.cli.http.IssuerApi;
import io.aloft.protocol.client.TransportSecurity;
import io.aloft.protocol.message.IssuerFingerprint;
import io.aloft.protocol.message.IssuerKey;
import java.util.List;
import java.util.Optional;

/**
 * How {@code terminal init} and {@code wallet init} pin the issuer keys a device trusts from then
 * on. The keys are fetched before any secret is sent, and kept only if they hash to
 * {@code --issuer-fingerprint} (what {@code aloft serve} prints). Without a fingerprint they are
 * trusted on first use, and only from a server on this machine, where no network sits between.
 */
public final class IssuerPinning {
  private IssuerPinning() {}

  /**
   * The server's issuer keys, checked as above.
   *
   * @param fingerprint the {@code --issuer-fingerprint} text, or null
   * @throws CliException REFUSED when the keys do not match, USAGE for a fingerprint that does not
   *     parse or for trust on first use from another machine
   */
  public static List<IssuerKey> fetchAndPin(String serverUrl, TransportSecurity transport, String fingerprint)
      throws CliException {
    Optional<IssuerFingerprint> expected = parse(fingerprint);
    if (expected.isEmpty() && !ServerOption.isLoopback(serverUrl)) {
      throw new CliException(ExitCodes.USAGE, "refusing to trust the issuer keys of " + serverUrl + " on first use: "
          + "pass --issuer-fingerprint (printed by 'aloft serve'; ask the operator). Only a server on this machine "
          + "is trusted without one");
    }
    List<IssuerKey> keys;
    try {
      keys = new IssuerApi(new ApiClient(serverUrl, Optional.empty(), transport)).issuerKeys();
    } catch (ApiException e) {
      throw e.toCliException();
    }
    if (keys.isEmpty()) {
      throw new CliException(ExitCodes.SERVER, "the server at " + serverUrl + " published no issuer keys");
    }
    IssuerFingerprint actual = IssuerFingerprint.of(keys);
    if (expected.isEmpty()) {
      System.out.println("trusting on first use the issuer keys of " + serverUrl + " (a server on this machine): "
          + "fingerprint " + actual);
    } else if (!expected.get().equals(actual)) {
      throw new CliException(ExitCodes.REFUSED, "the issuer keys of " + serverUrl + " do not match "
          + "--issuer-fingerprint: expected " + expected.get() + ", got " + actual + "; nothing was set up and no "
          + "secret was sent");
    } else {
      System.out.println("issuer keys match fingerprint " + actual);
    }
    return keys;
  }

  private static Optional<IssuerFingerprint> parse(String fingerprint) throws CliException {
    if (fingerprint == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(IssuerFingerprint.parse(fingerprint));
    } catch (IllegalArgumentException e) {
      throw new CliException(ExitCodes.USAGE, "--issuer-fingerprint: " + e.getMessage());
    }
  }
}
