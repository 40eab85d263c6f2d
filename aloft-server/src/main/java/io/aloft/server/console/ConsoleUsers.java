package io.aloft.server.console;

import io.aloft.server.airline.Airlines;
import io.aloft.server.db.Database;
import io.aloft.server.http.Secrets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Console users: people the operator lets sign in to the console as one airline, with a username
 * and a password (kept only as an Argon2id hash, {@link PasswordHashes}). Disabling a user ends
 * its sessions in the same transaction. The only class that names the {@code console_users} table.
 */
final class ConsoleUsers {
  /** An airline has at most this many console users, disabled ones included. */
  static final int MAX_PER_AIRLINE = 50;
  static final int MIN_PASSWORD_LENGTH = 12;
  static final int GENERATED_PASSWORD_LENGTH = 20;
  static final int MAX_USERNAME_LENGTH = 32;
  /** Lower-case letters, digits, dot, dash and underscore; 3 to 32, starting with a letter or digit. */
  static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,31}");
  /** Letters and digits that cannot be mistaken for one another when read aloud or copied by hand. */
  private static final String PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private final Database database;
  private final Clock clock;
  private final SecureRandom random;
  private final PasswordHashes hashes;

  ConsoleUsers(Database database, Clock clock, SecureRandom random) {
    this.database = database;
    this.clock = clock;
    this.random = random;
    this.hashes = new PasswordHashes(random);
  }

  /** A console user; {@code createdBy} is the audit name of the operator who created it. */
  record User(long id, Instant createdAt, long airlineId, String username, String createdBy,
      Optional<Instant> disabledAt) {
    boolean disabled() {
      return disabledAt.isPresent();
    }
  }

  /** Outcome of {@link #create}. */
  sealed interface Creation {
    /** Created; {@code password} is shown once and kept nowhere. */
    record Created(User user, String password) implements Creation {}
    /** This form was submitted before and created {@code user}; its password is not shown again. */
    record AlreadyCreated(User user) implements Creation {}
    record UsernameTaken() implements Creation {}
    record TooMany(int max) implements Creation {}
  }

  /**
   * Creates a user of {@code airlineId}. With no {@code password} one is generated. The form token
   * makes a second submission of the same form answer {@link Creation.AlreadyCreated}.
   */
  Creation create(long airlineId, String username, Optional<String> password, String createdBy, String formToken) {
    if (!USERNAME.matcher(username).matches()) {
      throw new IllegalArgumentException("username must match " + USERNAME + ": " + username);
    }
    if (password.isPresent() && (password.get().length() < MIN_PASSWORD_LENGTH
        || password.get().length() > PasswordHashes.MAX_PASSWORD_LENGTH)) {
      throw new IllegalArgumentException("a password is " + MIN_PASSWORD_LENGTH + ".."
          + PasswordHashes.MAX_PASSWORD_LENGTH + " characters");
    }
    String plain = password.orElseGet(this::generatePassword);
    String stored = hashes.hash(plain);
    byte[] tokenHash = Secrets.hash(formToken);
    return database.inTransaction(connection -> {
      Optional<User> earlier = findByFormToken(connection, tokenHash);
      if (earlier.isPresent()) {
        return new Creation.AlreadyCreated(earlier.get());
      }
      // Serialises creations per airline, so the bound on users holds under concurrency.
      Airlines.lock(connection, airlineId);
      if (count(connection, airlineId) >= MAX_PER_AIRLINE) {
        return new Creation.TooMany(MAX_PER_AIRLINE);
      }
      Optional<Long> id = insert(connection, airlineId, username, stored, createdBy, tokenHash);
      if (id.isPresent()) {
        return new Creation.Created(find(connection, id.get()).orElseThrow(), plain);
      }
      return findByFormToken(connection, tokenHash).<Creation>map(Creation.AlreadyCreated::new)
          .orElseGet(Creation.UsernameTaken::new);
    });
  }

  private Optional<Long> insert(Connection connection, long airlineId, String username, String stored,
      String createdBy, byte[] tokenHash) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO console_users"
        + " (created_at, airline_id, username, password_hash, created_by, form_token_hash) VALUES (?, ?, ?, ?, ?, ?)"
        + " ON CONFLICT DO NOTHING RETURNING id")) {
      insert.setTimestamp(1, Timestamp.from(clock.instant()));
      insert.setLong(2, airlineId);
      insert.setString(3, username);
      insert.setString(4, stored);
      insert.setString(5, createdBy);
      insert.setBytes(6, tokenHash);
      try (ResultSet row = insert.executeQuery()) {
        return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
      }
    }
  }

  private static int count(Connection connection, long airlineId) throws SQLException {
    try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM console_users WHERE airline_id = ?")) {
      count.setLong(1, airlineId);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  /** The user whose username and password these are, if it exists and is not disabled. */
  Optional<User> verify(String username, String password) {
    if (username == null || password == null || !USERNAME.matcher(username).matches()
        || password.length() > PasswordHashes.MAX_PASSWORD_LENGTH) {
      return Optional.empty();
    }
    Optional<Stored> stored = database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT id, password_hash FROM console_users WHERE username = ? AND disabled_at IS NULL")) {
        select.setString(1, username);
        try (ResultSet row = select.executeQuery()) {
          return row.next() ? Optional.of(new Stored(row.getLong(1), row.getString(2))) : Optional.<Stored>empty();
        }
      }
    });
    if (stored.isEmpty()) {
      PasswordHashes.verifyNothing(password);
      return Optional.empty();
    }
    if (!PasswordHashes.verify(password, stored.get().hash())) {
      return Optional.empty();
    }
    return find(stored.get().id()).filter(user -> !user.disabled());
  }

  private record Stored(long id, String hash) {}

  /** Users of one airline, or of all ({@code airlineId} empty), newest first, at most 500. */
  List<User> list(Optional<Long> airlineId) {
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement("SELECT * FROM console_users"
          + " WHERE (?::bigint IS NULL OR airline_id = ?) ORDER BY id DESC LIMIT 500")) {
        select.setObject(1, airlineId.orElse(null), Types.BIGINT);
        select.setObject(2, airlineId.orElse(null), Types.BIGINT);
        List<User> users = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            users.add(read(row));
          }
        }
        return users;
      }
    });
  }

  Optional<User> find(long id) {
    return database.inTransaction(connection -> find(connection, id));
  }

  /**
   * Disables the user and ends every session it has open, at once; idempotent (the first time is
   * kept). Empty for an unknown id.
   */
  Optional<User> disable(long id) {
    return database.inTransaction(connection -> {
      Instant now = clock.instant();
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE console_users SET disabled_at = ? WHERE id = ? AND disabled_at IS NULL")) {
        update.setTimestamp(1, Timestamp.from(now));
        update.setLong(2, id);
        update.executeUpdate();
      }
      try (PreparedStatement end = connection.prepareStatement(
          "UPDATE console_sessions SET ended_at = ? WHERE console_user_id = ? AND ended_at IS NULL")) {
        end.setTimestamp(1, Timestamp.from(now));
        end.setLong(2, id);
        end.executeUpdate();
      }
      return find(connection, id);
    });
  }

  /** What a password change came to. */
  enum PasswordChange { CHANGED, WRONG_PASSWORD }

  /**
   * Replaces the password of the enabled user {@code username} with {@code next} when
   * {@code current} is its password, and ends every session of the user except the one whose
   * cookie token is {@code keepSessionToken}: whoever else knew the old password is signed out.
   * The caller checks {@code next}'s length.
   */
  PasswordChange changePassword(String username, String current, String next, String keepSessionToken) {
    Optional<User> user = verify(username, current);
    if (user.isEmpty()) {
      return PasswordChange.WRONG_PASSWORD;
    }
    String stored = hashes.hash(next);
    return database.inTransaction(connection -> {
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE console_users SET password_hash = ? WHERE id = ? AND disabled_at IS NULL")) {
        update.setString(1, stored);
        update.setLong(2, user.get().id());
        if (update.executeUpdate() == 0) {
          return PasswordChange.WRONG_PASSWORD;
        }
      }
      try (PreparedStatement end = connection.prepareStatement("UPDATE console_sessions SET ended_at = ?"
          + " WHERE console_user_id = ? AND ended_at IS NULL AND token_hash <> ?")) {
        end.setTimestamp(1, Timestamp.from(clock.instant()));
        end.setLong(2, user.get().id());
        end.setBytes(3, Secrets.hash(keepSessionToken));
        end.executeUpdate();
      }
      return PasswordChange.CHANGED;
    });
  }

  /** A new password of {@value #GENERATED_PASSWORD_LENGTH} characters (about 115 bits). */
  String generatePassword() {
    StringBuilder password = new StringBuilder(GENERATED_PASSWORD_LENGTH);
    for (int i = 0; i < GENERATED_PASSWORD_LENGTH; i++) {
      password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return password.toString();
  }

  private static Optional<User> find(Connection connection, long id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT * FROM console_users WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    }
  }

  private static Optional<User> findByFormToken(Connection connection, byte[] tokenHash) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT * FROM console_users WHERE form_token_hash = ?")) {
      select.setBytes(1, tokenHash);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    }
  }

  private static User read(ResultSet row) throws SQLException {
    Timestamp disabled = row.getTimestamp("disabled_at");
    return new User(row.getLong("id"), row.getTimestamp("created_at").toInstant(), row.getLong("airline_id"),
        row.getString("username"), row.getString("created_by"),
        Optional.ofNullable(disabled).map(Timestamp::toInstant));
  }
}
