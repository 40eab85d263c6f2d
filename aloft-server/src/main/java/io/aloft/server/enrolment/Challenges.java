package io.aloft.server.enrolment;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.EnrolmentProof;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The enrolment challenges a wallet signs to prove it holds the device key it enrols (see
 * {@link EnrolmentProof}). Each is 32 random bytes, bound to one account and one flight, valid for
 * {@link #LIFETIME}, and used at most once: the first enrolment that names it uses it up, whether
 * its proof verified or not, so a proof can neither be replayed nor a challenge be guessed at.
 * An account holds at most {@link #MAX_OPEN} unused, unexpired challenges.
 *
 * <p>Callers hold the account's row lock, which serializes the count and the use of challenges.
 */
final class Challenges {
  static final Duration LIFETIME = Duration.ofMinutes(5);
  static final int MAX_OPEN = 8;

  /** A challenge as handed out. */
  public record Issued(Bytes challenge, long flightId, Instant expiresAt) {}

  private Challenges() {}

  /** A new challenge, or empty when the account already holds {@link #MAX_OPEN} open ones. */
  static Optional<Issued> issue(Connection connection, long accountId, long flightId, Instant now,
      SecureRandom random) throws SQLException {
    sweep(connection, accountId, now);
    if (openCount(connection, accountId, now) >= MAX_OPEN) {
      return Optional.empty();
    }
    byte[] challenge = new byte[EnrolmentProof.CHALLENGE_LENGTH];
    random.nextBytes(challenge);
    Instant expiresAt = now.plus(LIFETIME);
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO enrolment_challenges"
        + " (challenge, account_id, flight_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)")) {
      insert.setBytes(1, challenge);
      insert.setLong(2, accountId);
      insert.setLong(3, flightId);
      insert.setTimestamp(4, Timestamp.from(now));
      insert.setTimestamp(5, Timestamp.from(expiresAt));
      insert.executeUpdate();
    }
    return Optional.of(new Issued(Bytes.of(challenge), flightId, expiresAt));
  }

  /** Expired challenges are of no more use: used or not, a proof over one is refused either way. */
  private static void sweep(Connection connection, long accountId, Instant now) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement(
        "DELETE FROM enrolment_challenges WHERE account_id = ? AND expires_at <= ?")) {
      delete.setLong(1, accountId);
      delete.setTimestamp(2, Timestamp.from(now));
      delete.executeUpdate();
    }
  }

  private static int openCount(Connection connection, long accountId, Instant now) throws SQLException {
    try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM enrolment_challenges"
        + " WHERE account_id = ? AND used_at IS NULL AND expires_at > ?")) {
      count.setLong(1, accountId);
      count.setTimestamp(2, Timestamp.from(now));
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  /**
   * Uses up the proof's challenge and checks the proof: empty when the device holds the key it
   * enrols, else why not. A challenge of another account reads as unknown, so nothing tells one
   * account about another's challenges.
   */
  static Optional<EnrolmentResult.Refused> use(Connection connection, long accountId, long flightId,
      EnrolmentProof proof, Instant now) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT flight_id, expires_at, used_at"
        + " FROM enrolment_challenges WHERE challenge = ? AND account_id = ? FOR UPDATE")) {
      select.setBytes(1, proof.challenge().toByteArray());
      select.setLong(2, accountId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return refused(RefusalReason.CHALLENGE_UNKNOWN,
              "This enrolment challenge was not issued to you, or has been cleared. Ask for a new one.");
        }
        if (row.getTimestamp("used_at") != null) {
          return refused(RefusalReason.CHALLENGE_USED, "This enrolment challenge was already used. Ask for a new one.");
        }
        markUsed(connection, proof.challenge(), now);
        if (!row.getTimestamp("expires_at").toInstant().isAfter(now)) {
          return refused(RefusalReason.CHALLENGE_EXPIRED, "This enrolment challenge expired. Ask for a new one.");
        }
        if (row.getLong("flight_id") != flightId) {
          return refused(RefusalReason.CHALLENGE_UNKNOWN,
              "This enrolment challenge was issued for another flight. Ask for one for this flight.");
        }
      }
    }
    if (!proof.verifies()) {
      return refused(RefusalReason.PROOF_INVALID,
          "The proof is not a signature of this challenge by the device key being enrolled.");
    }
    return Optional.empty();
  }

  private static void markUsed(Connection connection, Bytes challenge, Instant now) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE enrolment_challenges SET used_at = ? WHERE challenge = ?")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setBytes(2, challenge.toByteArray());
      update.executeUpdate();
    }
  }

  private static Optional<EnrolmentResult.Refused> refused(RefusalReason reason, String message) {
    return Optional.of(new EnrolmentResult.Refused(reason, message));
  }
}
