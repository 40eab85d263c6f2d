package io.aloft.server.http;

import io.aloft.server.db.Database;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The bearer secrets in {@code api_tokens}: merchant keys, wallet tokens and one-time registration
 * codes. Each is 256 random bits shown once and stored as its SHA-256 ({@link Secrets}). Rotating
 * issues a new secret and revokes every earlier one of the same owner in one transaction;
 * revoking takes effect on the very next request, because every request looks its secret up.
 */
public final class ApiTokens {
  /** A registration code is valid at most this long. */
  public static final Duration MAX_REGISTRATION_VALIDITY = Duration.ofDays(7);
  public static final Duration DEFAULT_REGISTRATION_VALIDITY = Duration.ofHours(24);

  private final Database database;
  private final Clock clock;
  private final SecureRandom random;

  public ApiTokens(Database database, Clock clock, SecureRandom random) {
    this.database = database;
    this.clock = clock;
    this.random = random;
  }

  /** A new secret and how many earlier ones of the same owner it revoked. */
  public record Issued(String secret, int revoked, Instant expiresAt) {}

  /** A new merchant key for the airline; every earlier one stops working at once. */
  public Issued rotateMerchantKey(long airlineId) {
    return rotate("merchant", null, airlineId);
  }

  /** A new wallet token for the account; every earlier one stops working at once. */
  public Issued rotateWalletToken(long accountId) {
    return rotate("wallet", accountId, null);
  }

  /** Revokes every merchant key and unused registration code of the airline; returns how many. */
  public int revokeMerchantKeys(long airlineId) {
    return database.inTransaction(connection -> revokeAll(connection,
        "(kind = 'merchant' OR kind = 'registration' AND used_at IS NULL) AND airline_id = ?", airlineId,
        clock.instant()));
  }

  /** Revokes every wallet token of the account; returns how many. */
  public int revokeWalletTokens(long accountId) {
    return database.inTransaction(connection -> revokeAll(connection, "kind = 'wallet' AND account_id = ?", accountId,
        clock.instant()));
  }

  /**
   * A one-time code that enrols one terminal of the airline, valid for {@code validity}
   * (1 minute to {@link #MAX_REGISTRATION_VALIDITY}).
   */
  public Issued issueRegistrationCode(long airlineId, Duration validity) {
    if (validity.compareTo(Duration.ofMinutes(1)) < 0 || validity.compareTo(MAX_REGISTRATION_VALIDITY) > 0) {
      throw new IllegalArgumentException("validity must be 1 minute to 7 days: " + validity);
    }
    String code = Secrets.newToken("reg", random);
    Instant now = clock.instant();
    Instant expiresAt = now.plus(validity);
    database.inTransaction(connection -> {
      insert(connection, Secrets.hash(code), "registration", null, airlineId, now, expiresAt);
      return null;
    });
    return new Issued(code, 0, expiresAt);
  }

  /**
   * Marks a registration code used, in the caller's transaction; false when it was used already,
   * revoked or expired (the terminal is then not registered).
   */
  public static boolean consumeRegistrationCode(Connection connection, byte[] codeHash, Instant now)
      throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE api_tokens SET used_at = ?"
        + " WHERE token_hash = ? AND kind = 'registration' AND used_at IS NULL AND revoked_at IS NULL"
        + " AND expires_at > ?")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setBytes(2, codeHash);
      update.setTimestamp(3, Timestamp.from(now));
      return update.executeUpdate() == 1;
    }
  }

  /** Stores a new secret's hash; {@code expiresAt} only for registration codes. */
  public static void insert(Connection connection, byte[] hash, String kind, Long accountId, Long airlineId,
      Instant now, Instant expiresAt) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_tokens"
        + " (token_hash, created_at, kind, account_id, airline_id, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
      insert.setBytes(1, hash);
      insert.setTimestamp(2, Timestamp.from(now));
      insert.setString(3, kind);
      setNullable(insert, 4, accountId);
      setNullable(insert, 5, airlineId);
      if (expiresAt == null) {
        insert.setNull(6, Types.TIMESTAMP_WITH_TIMEZONE);
      } else {
        insert.setTimestamp(6, Timestamp.from(expiresAt));
      }
      insert.executeUpdate();
    }
  }

  private Issued rotate(String kind, Long accountId, Long airlineId) {
    String secret = Secrets.newToken(kind, random);
    Instant now = clock.instant();
    int revoked = database.inTransaction(connection -> {
      int count = kind.equals("wallet")
          ? revokeAll(connection, "kind = 'wallet' AND account_id = ?", accountId, now)
          : revokeAll(connection, "kind = 'merchant' AND airline_id = ?", airlineId, now);
      insert(connection, Secrets.hash(secret), kind, accountId, airlineId, now, null);
      return count;
    });
    return new Issued(secret, revoked, null);
  }

  private static int revokeAll(Connection connection, String where, long ownerId, Instant now) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE api_tokens SET revoked_at = ? WHERE revoked_at IS NULL AND " + where)) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setLong(2, ownerId);
      return update.executeUpdate();
    }
  }

  private static void setNullable(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }
}
