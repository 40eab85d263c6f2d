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

  public Authenticator(byte[] adminKeyHash, Database database) {
    this.adminKeyHash = adminKeyHash.clone();
    this.database = database;
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
    return identify(header.substring(BEARER.length()).trim())
        .orElseThrow(() -> ApiProblem.unauthenticated("The key is not known or has been revoked."));
  }

  /** Who holds {@code secret} (the admin key, a merchant key or a wallet token), or empty. */
  public Optional<Principal> identify(String secret) {
    if (secret == null || secret.isEmpty() || secret.length() > Secrets.MAX_TOKEN_LENGTH) {
      return Optional.empty();
    }
    byte[] hash = Secrets.hash(secret);
    if (MessageDigest.isEqual(hash, adminKeyHash)) {
      return Optional.of(new Principal.Admin());
    }
    return lookup(hash);
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
