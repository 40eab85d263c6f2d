package io.aloft.server.trust;

import io.aloft.protocol.message.IssuerKey;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.aloft.server.http.Secrets;
import io.aloft.server.issuer.IssuerKeyRing;
import io.javalin.http.Context;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * Trust bundle and issuer key endpoints. A bundle goes to the operator, the airline that owns
 * the flight and its terminals whole, and to wallets enrolled on it in its wallet form, without
 * the manifest; its ETag lets terminals and wallets poll cheaply with If-None-Match.
 */
public final class TrustRoutes {
  private final TrustBundles bundles;
  private final IssuerKeyRing issuerKeys;
  private final Authenticator authenticator;

  public TrustRoutes(TrustBundles bundles, IssuerKeyRing issuerKeys, Authenticator authenticator) {
    this.bundles = bundles;
    this.issuerKeys = issuerKeys;
    this.authenticator = authenticator;
  }

  public void register(Routes routes) {
    routes.get("/v1/issuer-keys", this::issuerKeys);
    routes.get("/v1/flights/{flightId}/trust-bundle", this::bundle);
  }

  record IssuerKeyView(int keyId, String algorithm, String publicKey) {}

  record IssuerKeysView(int signingKeyId, List<IssuerKeyView> keys) {}

  /** Public: anyone may learn the issuer's public keys, which is what lets them verify offline. */
  private void issuerKeys(Context ctx) {
    List<IssuerKeyView> keys = issuerKeys.publicKeys().stream().map(TrustRoutes::view).toList();
    ctx.json(new IssuerKeysView(issuerKeys.signingKeyId(), keys));
  }

  private static IssuerKeyView view(IssuerKey key) {
    return new IssuerKeyView(key.keyId(), "ed25519", Base64.getEncoder().encodeToString(key.key().encoded().toByteArray()));
  }

  record BundleView(long flightId, long version, String issuedAt, String expiresAt, String bundle) {}

  private void bundle(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long flightId = Requests.pathId(ctx, "flightId");
    authorise(principal, bundles.airlineOf(flightId), flightId);
    TrustBundles.Signed bundle = (principal instanceof Principal.Wallet
        ? bundles.currentForWallet(flightId) : bundles.current(flightId, true)).orElseThrow();
    String etag = "\"" + HexFormat.of().formatHex(Secrets.sha256(bundle.encoded().toByteArray()), 0, 16) + "\"";
    ctx.header("ETag", etag);
    ctx.header("Aloft-Bundle-Version", Long.toString(bundle.version()));
    ctx.header("Cache-Control", "private, no-cache");
    if (principal instanceof Principal.Terminal terminal) {
      bundles.noteFetched(terminal.terminalId(), flightId, bundle.version());
    }
    if (matches(ctx.header("If-None-Match"), etag)) {
      ctx.status(304);
      return;
    }
    ctx.json(new BundleView(bundle.flightId(), bundle.version(), bundle.issuedAt().toString(),
        bundle.expiresAt().toString(), Base64.getEncoder().encodeToString(bundle.encoded().toByteArray())));
  }

  /** A flight the caller may not see answers as a missing one: a wallet sees the flights it is enrolled on. */
  private void authorise(Principal principal, java.util.Optional<Long> airlineId, long flightId) {
    String missing = "No flight has id " + flightId + ".";
    if (principal instanceof Principal.Wallet wallet) {
      if (airlineId.isEmpty() || !bundles.isEnrolled(wallet.accountId(), flightId)) {
        throw ApiProblem.notFound(missing);
      }
      return;
    }
    if (principal instanceof Principal.Terminal terminal && airlineId.isPresent()
        && terminal.airlineId() == airlineId.get()) {
      return;
    }
    Authenticator.requireVisibleToAirline(principal, airlineId, missing);
  }

  private static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.length() > 1024) {
      return false;
    }
    for (String candidate : ifNoneMatch.split(",")) {
      String trimmed = candidate.trim();
      if (trimmed.equals("*") || trimmed.equals(etag) || trimmed.equals("W/" + etag)) {
        return true;
      }
    }
    return false;
  }
}
