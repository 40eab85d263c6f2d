package io.aloft.server.http;

import io.aloft.server.db.Database;
import io.javalin.http.Context;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;

/**
 * Turns the {@code Authorization: Bearer <secret>} header into a {@link Principal}. The admin key
 * is compared by hash in constant time; merchant keys and wallet tokens are looked up by hash.
 */
public final class Authenticator {
  private static final String BEARER = "Bearer ";

  private final byte[] adminKeyHash;
  private final Database database;
  private final RateLimits limits;

  public Authenticator(byte[] adminKeyHash, Database database, RateLimits limits) {
    this.adminKeyHash = adminKeyHash.clone();
    this.database = database;
    this.limits = limits;
  }

  /** The caller, or a 401 problem when the header is missing, malformed or unknown. */
  public Principal require(Context ctx) {
    String header = ctx.header("Authorization");
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

  private Optional<Principal> lookup(byte[] hash) {
    return database.inTransaction(connection -> {
      try (PreparedStatement statement = connection.prepareStatement(
          "SELECT kind, account_id, airline_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL")) {
        statement.setBytes(1, hash);
        try (ResultSet row = statement.executeQuery()) {
          if (!row.next()) {
            return Optional.empty();
          }
          return Optional.of(row.getString("kind").equals("wallet")
              ? new Principal.Wallet(row.getLong("account_id"))
              : new Principal.Merchant(row.getLong("airline_id")));
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
