package io.aloft.server.http;

import io.aloft.protocol.client.RequestSignature;
import io.aloft.server.db.Database;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Turns the {@code Authorization} header into a {@link Principal}.
 *
 * <ul>
 *   <li>{@code Bearer <secret>}: the admin key is compared by hash in constant time; merchant keys,
 *       wallet tokens and registration codes are looked up by hash on every request, so a revoked
 *       one is refused at once.</li>
 *   <li>{@code Aloft-Terminal …} ({@link RequestSignature}): an enrolled terminal's signature over
 *       the method, target, time, nonce and body, checked against the key the issuer certified for
 *       it, within {@link #MAX_CLOCK_SKEW} of the server's clock, each nonce once.</li>
 * </ul>
 */
public final class Authenticator {
  private static final String BEARER = "Bearer ";
  /** How far a terminal's clock may be from the server's when it signs a request. */
  public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);

  private final byte[] adminKeyHash;
  private final Database database;
  private final TerminalKeys terminals;
  private final RequestNonces nonces;
  private final Clock clock;
  private final RateLimits limits;

  public Authenticator(byte[] adminKeyHash, Database database, TerminalKeys terminals, Clock clock,
      RateLimits limits) {
    this.adminKeyHash = adminKeyHash.clone();
    this.database = database;
    this.terminals = terminals;
    this.limits = limits;
    this.nonces = new RequestNonces(database, MAX_CLOCK_SKEW);
    this.clock = clock;
  }

  /**
   * The caller, or a 401 problem when the header is missing, malformed, unknown, revoked, or a
   * signature that does not hold. A signed request's body is the one Javalin reads; an endpoint
   * that reads its own body passes it to {@link #require(Context, byte[])} instead.
   */
  public Principal require(Context ctx) {
    String header = ctx.header("Authorization");
    if (RequestSignature.claims(header)) {
      boolean bodiless = ctx.method() == HandlerType.GET || ctx.method() == HandlerType.HEAD;
      return noted(ctx, terminal(ctx, header, bodiless ? new byte[0] : ctx.bodyAsBytes()));
    }
    return noted(ctx, bearer(ctx, header));
  }

  /** As {@link #require(Context)}, for an endpoint that has read the request body itself. */
  public Principal require(Context ctx, byte[] body) {
    String header = ctx.header("Authorization");
    return noted(ctx, RequestSignature.claims(header) ? terminal(ctx, header, body) : bearer(ctx, header));
  }

  /** Keeps the caller on the request, for the audit row written after the answer ({@link ApiAudit}). */
  private static Principal noted(Context ctx, Principal principal) {
    ctx.attribute(ApiAudit.PRINCIPAL, principal);
    return principal;
  }

  private Principal bearer(Context ctx, String header) {
    if (header == null || header.isEmpty()) {
      throw ApiProblem.unauthenticated("Send 'Authorization: Bearer <key>'.");
    }
    if (!header.startsWith(BEARER) || header.length() > BEARER.length() + Secrets.MAX_TOKEN_LENGTH) {
      throw ApiProblem.unauthenticated("The Authorization header must be 'Bearer <key>'.");
    }
    return identify(header.substring(BEARER.length()).trim(), ctx.ip())
        .orElseThrow(() -> ApiProblem.unauthenticated("The key is not known or has been revoked."));
  }

  /**
   * Who holds {@code secret} (the admin key, a merchant key or a wallet token), or empty; the
   * console's login form asks this too. An address that sent too many refused keys has its
   * unproven keys refused unchecked (a 429 problem), so that guessing costs it time; keys that
   * authenticated lately still pass, so its honest callers do.
   */
  public Optional<Principal> identify(String secret, String address) {
    if (secret == null || secret.isEmpty() || secret.length() > Secrets.MAX_TOKEN_LENGTH) {
      limits.authenticationFailed(address);
      return Optional.empty();
    }
    byte[] hash = Secrets.hash(secret);
    if (!limits.mayAuthenticate(address, hash)) {
      throw limits.authenticationBlocked(address);
    }
    Optional<Principal> principal = MessageDigest.isEqual(hash, adminKeyHash)
        ? Optional.of(new Principal.Admin()) : lookup(hash);
    if (principal.isEmpty()) {
      limits.authenticationFailed(address);
      return Optional.empty();
    }
    limits.authenticated(hash);
    return principal;
  }

  /**
   * Runs a sign-in check that is not a bearer key (a console user's username and password) under
   * the same limit on refused attempts per address as keys: an address out of attempts gets the
   * 429 problem without the check running, and a refused check counts against it. Unlike a key, a
   * password that succeeded lately earns no pass through a blocked address: only its hash could
   * recognise it, and that is kept nowhere but the database.
   */
  public <T> Optional<T> limitedAttempt(String address, java.util.function.Supplier<Optional<T>> check) {
    if (!limits.mayAttempt(address)) {
      throw limits.authenticationBlocked(address);
    }
    Optional<T> result = check.get();
    if (result.isEmpty()) {
      limits.authenticationFailed(address);
    }
    return result;
  }

  private Principal terminal(Context ctx, String header, byte[] body) {
    RequestSignature.Header signed = RequestSignature.parse(header).orElseThrow(() -> ApiProblem.of(401,
        "bad-request-signature", "Request signature is malformed",
        "The Authorization header must be 'Aloft-Terminal terminal=…,time=…,nonce=…,signature=…'."));
    Instant now = clock.instant();
    if (Math.abs(now.getEpochSecond() - signed.timeSeconds()) > MAX_CLOCK_SKEW.toSeconds()) {
      ctx.header(RequestSignature.SERVER_TIME_HEADER, Long.toString(now.getEpochSecond()));
      throw ApiProblem.of(401, "request-expired", "Request time outside the allowed clock skew",
          "The request was signed at " + signed.timeSeconds() + " (Unix seconds); the server's time is "
              + now.getEpochSecond() + " and allows " + MAX_CLOCK_SKEW.toSeconds() + " s either way.")
          .with("serverTime", now.getEpochSecond());
    }
    TerminalKeys.Active terminal = terminals.active(signed.terminalId())
        .orElseThrow(() -> ApiProblem.unauthenticated("The terminal is not known or has been revoked."));
    String target = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
    if (!RequestSignature.verify(terminal.key(), signed, ctx.method().name(), target, body)) {
      throw ApiProblem.of(401, "bad-request-signature", "Request signature does not verify",
          "The signature does not cover this method, path and body under the terminal's registered key.");
    }
    if (!nonces.firstUse(terminal.terminalId(), signed.nonce(), now)) {
      throw ApiProblem.of(401, "request-replayed", "Request replayed",
          "This terminal sent this nonce before; sign every request with a new one.");
    }
    return new Principal.Terminal(terminal.terminalId(), terminal.airlineId());
  }

  private Optional<Principal> lookup(byte[] hash) {
    Instant now = clock.instant();
    return database.inTransaction(connection -> {
      try (PreparedStatement statement = connection.prepareStatement("SELECT kind, account_id, airline_id"
          + " FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)")) {
        statement.setBytes(1, hash);
        statement.setTimestamp(2, Timestamp.from(now));
        try (ResultSet row = statement.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          return Optional.of(switch (row.getString("kind")) {
            case "wallet" -> new Principal.Wallet(row.getLong("account_id"));
            case "registration" -> new Principal.Registration(row.getLong("airline_id"),
                HexFormat.of().formatHex(hash, 0, 8));
            default -> new Principal.Merchant(row.getLong("airline_id"));
          });
        }
      }
    });
  }

  /** 403 unless the caller is the operator. */
  public static void requireAdmin(Principal principal) {
    if (!(principal instanceof Principal.Admin)) {
      throw ApiProblem.forbidden("Only the operator may do this.");
    }
  }

  /** 403 unless the caller is the operator or this airline. */
  public static void requireAdminOrAirline(Principal principal, long airlineId) {
    if (principal instanceof Principal.Admin) {
      return;
    }
    if (principal instanceof Principal.Merchant merchant && merchant.airlineId() == airlineId) {
      return;
    }
    throw ApiProblem.forbidden("This belongs to another airline.");
  }

  /**
   * For a resource found by an id in the path ({@code ownerAirlineId} empty when there is none):
   * the same 404 for a missing one and for another airline's, so that ids do not reveal what
   * exists elsewhere. The operator sees every airline's.
   */
  public static void requireVisibleToAirline(Principal principal, java.util.Optional<Long> ownerAirlineId,
      String notFoundDetail) {
    boolean visible = ownerAirlineId.isPresent() && (principal instanceof Principal.Admin
        || principal instanceof Principal.Merchant merchant && merchant.airlineId() == ownerAirlineId.get());
    if (!visible) {
      throw ApiProblem.notFound(notFoundDetail);
    }
  }

  /**
   * 403 unless the caller is the operator, this airline, or one of its terminals or registration
   * codes: for what an airline's devices need to read about it (its name and currency).
   */
  public static void requireAdminOrAirlineDevice(Principal principal, long airlineId) {
    if (principal instanceof Principal.Terminal terminal && terminal.airlineId() == airlineId
        || principal instanceof Principal.Registration registration && registration.airlineId() == airlineId) {
      return;
    }
    requireAdminOrAirline(principal, airlineId);
  }

  /** 403 unless the caller is the operator or the wallet of this account. */
  public static void requireAdminOrAccount(Principal principal, long accountId) {
    if (principal instanceof Principal.Admin) {
      return;
    }
    if (principal instanceof Principal.Wallet wallet && wallet.accountId() == accountId) {
      return;
    }
    throw ApiProblem.forbidden("This belongs to another account.");
  }
}
