package io.aloft.server.enrolment;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.EnrolmentProof;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.server.account.Account;
import io.aloft.server.account.AccountScores;
import io.aloft.server.account.AccountStatus;
import io.aloft.server.account.Accounts;
import io.aloft.server.airline.Airlines;
import io.aloft.server.airline.Flight;
import io.aloft.server.allowance.Allowance;
import io.aloft.server.allowance.Allowances;
import io.aloft.server.db.Database;
import io.aloft.server.issuer.IssuerKeyRing;
import io.aloft.server.score.EligibilityPolicy;
import io.aloft.server.score.ScoreProvider;
import io.aloft.server.score.Tier;
import io.aloft.server.trustlog.TrustEvents;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Enrolment for offline payment on one flight: the eligibility rules, then an issuer-signed
 * {@link OfflineCredential} with limits from the tier table, capped by what is left of the
 * payer's offline {@link Allowance}.
 *
 * <p>First the wallet proves it holds the device key: it signs a single-use challenge from
 * {@link #challenge} with that key ({@link EnrolmentProof}); without a valid proof nothing is
 * issued, so nobody can enrol someone else's public key and lock its owner out.
 *
 * <p>The rules, in the order a passenger would want to hear them: the account must be in good
 * standing (not suspended, owing nothing), the flight must exist and not have departed, and the
 * score must reach the threshold. A device that already holds a credential for the flight gets the
 * same credential back, whatever the allowance is now. A new credential's total limit is the
 * tier's, or what the payer's other open credentials leave of it if that is less (its per-payment
 * limit never above its total); with nothing left the enrolment is refused, naming the flight
 * that holds the allowance. The whole decision runs in one transaction holding the account's row
 * lock, so concurrent requests for one account cannot both issue, nor both spend one allowance.
 */
public final class Enrolments {
  /** The credential stays valid this long after scheduled arrival, for delays and a late landing. */
  static final Duration GRACE_AFTER_ARRIVAL = Duration.ofHours(12);
  private static final String DEVICE_KEY_IN_USE =
      "This phone's payment key is already enrolled on this flight by another account.";

  private final Database database;
  private final IssuerKeyRing issuerKeys;
  private final ScoreProvider scoreProvider;
  private final EligibilityPolicy policy;
  private final Allowances allowances;
  private final Clock clock;
  private final SecureRandom random;

  public Enrolments(Database database, IssuerKeyRing issuerKeys, ScoreProvider scoreProvider,
      EligibilityPolicy policy, Allowances allowances, Clock clock, SecureRandom random) {
    this.database = database;
    this.issuerKeys = issuerKeys;
    this.scoreProvider = scoreProvider;
    this.policy = policy;
    this.allowances = allowances;
    this.clock = clock;
    this.random = random;
  }

  /**
   * A new single-use challenge for the account to sign for {@code flightId}; empty when the
   * account already holds {@link Challenges#MAX_OPEN} open challenges.
   *
   * @throws IllegalArgumentException if there is no such account or flight
   */
  public Optional<Challenges.Issued> challenge(long accountId, long flightId) {
    return database.inTransaction(connection -> {
      Accounts.find(connection, accountId, true)
          .orElseThrow(() -> new IllegalArgumentException("accountId " + accountId + " does not exist"));
      if (Airlines.findFlight(connection, flightId).isEmpty()) {
        throw new IllegalArgumentException("flightId " + flightId + " does not exist");
      }
      return Challenges.issue(connection, accountId, flightId, clock.instant(), random);
    });
  }

  public boolean flightExists(long flightId) {
    return database.inTransaction(connection -> Airlines.findFlight(connection, flightId).isPresent());
  }

  /**
   * Enrols {@code deviceKey} for the account on the flight. {@code proof} is the device's signature
   * over a challenge of this account and flight; empty when the request carried none, which is
   * refused.
   */
  public EnrolmentResult enrol(long accountId, long flightId, VerificationKey deviceKey,
      Optional<EnrolmentProof> proof) {
    if (proof.isPresent() && (proof.get().flightId() != flightId || !proof.get().deviceKey().equals(deviceKey))) {
      throw new IllegalArgumentException("the proof names flight " + proof.get().flightId() + " and key "
          + proof.get().deviceKey() + ", the enrolment " + flightId + " and " + deviceKey);
    }
    return database.inTransaction(connection -> {
      Account account = Accounts.find(connection, accountId, true)
          .orElseThrow(() -> new IllegalArgumentException("accountId " + accountId + " does not exist"));
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      if (proof.isEmpty()) {
        return refused(RefusalReason.PROOF_MISSING, "Enrolment needs the device key's signature over a challenge:"
            + " ask POST /v1/enrolment-challenges for one and send it with the proof.");
      }
      Optional<EnrolmentResult.Refused> refusal = Challenges.use(connection, accountId, flightId, proof.get(),
          clock.instant());
      if (refusal.isPresent()) {
        return refusal.get();
      }
      Optional<Flight> flight = Airlines.findFlight(connection, flightId);
      refusal = standingOrFlightRefusal(account, flight, flightId, now);
      if (refusal.isPresent()) {
        return refusal.get();
      }
      Optional<IssuedCredential> existing = existing(connection, flightId, deviceKey);
      if (existing.isPresent()) {
        return existing.get().accountId() == accountId
            ? new EnrolmentResult.Issued(existing.get().credential(), true)
            : refused(RefusalReason.DEVICE_KEY_IN_USE, DEVICE_KEY_IN_USE);
      }
      AccountScores.Score score = AccountScores.scoreOf(account, scoreProvider, now);
      Optional<Tier> tier = policy.tierFor(score.value(), account.currency().code());
      if (tier.isEmpty()) {
        return refused(RefusalReason.SCORE_TOO_LOW, "Your payment score is " + score.value()
            + "; offline payment needs at least " + policy.thresholdScore() + ".");
      }
      Allowance allowance = allowances.of(connection, accountId, tier.get().totalLimitMinor(), now);
      Optional<Allowance.Limits> limits = allowance.limitsFor(tier.get().perPaymentLimitMinor(),
          tier.get().totalLimitMinor());
      if (limits.isEmpty()) {
        return refused(RefusalReason.ALLOWANCE_IN_USE, allowance.inUseMessage(account.currency()));
      }
      if (manifestSize(connection, flightId) >= TrustBundle.MAX_MANIFEST) {
        return refused(RefusalReason.FLIGHT_FULL,
            "Offline payment is fully booked on this flight. You can still pay by card on board where offered.");
      }
      Optional<OfflineCredential> credential = issue(connection, account, flight.get(), deviceKey, tier.get(),
          limits.get(), score, now);
      if (credential.isEmpty()) {
        // Another account enrolled the key on this flight while this request ran (through another node, say).
        return refused(RefusalReason.DEVICE_KEY_IN_USE, DEVICE_KEY_IN_USE);
      }
      TrustEvents.flightChanged(connection, "credential-issued", flightId, now);
      return new EnrolmentResult.Issued(credential.get(), false);
    });
  }

  private Optional<EnrolmentResult.Refused> standingOrFlightRefusal(Account account, Optional<Flight> flight,
      long flightId, Instant now) {
    if (account.status() == AccountStatus.SUSPENDED) {
      return Optional.of(refused(RefusalReason.SUSPENDED,
          "Your account is suspended, so offline payment is not available. Please contact support."));
    }
    if (account.writtenOff().amountMinor() > 0 && !account.inArrears()) {
      return Optional.of(refused(RefusalReason.WRITTEN_OFF_DEBT, "You still owe " + account.writtenOff()
          + " from earlier offline payments. It is collected automatically from your next top-up,"
          + " and offline payment resumes once it is paid."));
    }
    if (account.status() == AccountStatus.IN_ARREARS || account.owesDebt()) {
      return Optional.of(refused(RefusalReason.IN_ARREARS,
          "You have an unpaid balance from earlier offline payments. Please settle it to pay offline again."));
    }
    if (flight.isEmpty()) {
      return Optional.of(refused(RefusalReason.FLIGHT_UNKNOWN,
          "We could not find flight " + flightId + ". Check the flight and try again."));
    }
    if (!now.isBefore(flight.get().scheduledDeparture())) {
      return Optional.of(refused(RefusalReason.FLIGHT_DEPARTED,
          "This flight has already departed; enrol before boarding."));
    }
    return Optional.empty();
  }

  private static EnrolmentResult.Refused refused(RefusalReason reason, String message) {
    return new EnrolmentResult.Refused(reason, message);
  }

  /**
   * Signs and stores a new credential; empty when the device key got a credential on the flight
   * from another account since {@link #enrol} looked (the insert waits for that enrolment to commit).
   */
  private Optional<OfflineCredential> issue(Connection connection, Account account, Flight flight,
      VerificationKey deviceKey, Tier tier, Allowance.Limits limits, AccountScores.Score score, Instant now)
      throws SQLException {
    Instant validUntil = wholeHoursAfter(now, flight.scheduledArrival().plus(GRACE_AFTER_ARRIVAL));
    for (int attempt = 0; attempt < 8; attempt++) {
      OfflineCredential credential = new OfflineCredential(CredentialSerial.random(random),
          issuerKeys.signingKeyId(), deviceKey, account.currency(), limits.perPaymentLimitMinor(),
          limits.totalLimitMinor(), now, validUntil, flight.id(), tier.number(), Bytes.empty())
          .signedBy(issuerKeys.signer());
      // What we store and hand out must decode back to exactly what we signed.
      if (!decodeStored(credential.encode()).equals(credential)) {
        throw new IllegalStateException("credential " + credential.serial() + " does not survive its own encoding");
      }
      if (insert(connection, credential, account.id(), score.value(), now)) {
        return Optional.of(credential);
      }
      if (existing(connection, flight.id(), deviceKey).isPresent()) {
        return Optional.empty();
      }
    }
    // 8 collisions of 64 random bits means the random source is broken, not bad luck.
    throw new IllegalStateException("could not draw an unused credential serial");
  }

  /** The first instant at least {@code until} that is a whole number of hours after {@code from}. */
  static Instant wholeHoursAfter(Instant from, Instant until) {
    long seconds = Math.max(1, Duration.between(from, until).getSeconds());
    long hours = (seconds + 3599) / 3600;
    return from.plus(Duration.ofHours(hours));
  }

  /** Stores the credential; false when its serial or its (flight, device key) is taken. */
  private static boolean insert(Connection connection, OfflineCredential credential, long accountId, int score,
      Instant now) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO credentials (serial, created_at, account_id, flight_id, device_algorithm, device_public_key,"
            + " currency, per_payment_limit_minor, total_limit_minor, valid_from, valid_until, issuer_key_id,"
            + " score_at_issue, encoded) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT DO NOTHING")) {
      insert.setBytes(1, credential.serial().value().toByteArray());
      insert.setTimestamp(2, Timestamp.from(now));
      insert.setLong(3, accountId);
      insert.setLong(4, credential.flightId());
      insert.setString(5, credential.deviceKey().algorithm().name());
      insert.setBytes(6, credential.deviceKey().encoded().toByteArray());
      insert.setString(7, credential.currency().code());
      insert.setLong(8, credential.perPaymentLimitMinor());
      insert.setLong(9, credential.totalLimitMinor());
      insert.setTimestamp(10, Timestamp.from(credential.validFrom()));
      insert.setTimestamp(11, Timestamp.from(credential.validUntil()));
      insert.setInt(12, credential.issuerKeyId());
      insert.setInt(13, score);
      insert.setBytes(14, credential.encode());
      return insert.executeUpdate() == 1;
    }
  }

  private record IssuedCredential(long accountId, OfflineCredential credential) {}

  private static Optional<IssuedCredential> existing(Connection connection, long flightId, VerificationKey deviceKey)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT account_id, encoded FROM credentials WHERE flight_id = ? AND device_public_key = ?")) {
      select.setLong(1, flightId);
      select.setBytes(2, deviceKey.encoded().toByteArray());
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(new IssuedCredential(row.getLong(1), decodeStored(row.getBytes(2))));
      }
    }
  }

  /** Our own stored bytes must decode; if not, the database was altered behind our back. */
  public static OfflineCredential decodeStored(byte[] encoded) {
    try {
      return OfflineCredential.decode(encoded);
    } catch (DecodeException e) {
      throw new IllegalStateException("a stored credential does not decode: " + e.getMessage(), e);
    }
  }

  /** Credentials are scoped to one flight, so only this flight's revocations matter to its bundle. */
  public static List<CredentialSerial> revokedCredentials(Connection connection, long flightId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT serial FROM credentials"
        + " WHERE flight_id = ? AND revoked_at IS NOT NULL LIMIT " + TrustBundle.MAX_REVOKED_CREDENTIALS)) {
      select.setLong(1, flightId);
      List<CredentialSerial> serials = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          serials.add(new CredentialSerial(Bytes.of(row.getBytes(1))));
        }
      }
      return serials;
    }
  }

  /** The flight's credentials that are not revoked, as a bundle's manifest carries them. */
  public static List<OfflineCredential> manifest(Connection connection, long flightId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT encoded FROM credentials"
        + " WHERE flight_id = ? AND revoked_at IS NULL LIMIT " + TrustBundle.MAX_MANIFEST)) {
      select.setLong(1, flightId);
      List<OfflineCredential> credentials = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          credentials.add(decodeStored(row.getBytes(1)));
        }
      }
      return credentials;
    }
  }

  /** Whether this account holds a credential on the flight (revoked or not). */
  public static boolean holdsCredential(Connection connection, long accountId, long flightId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT 1 FROM credentials WHERE account_id = ? AND flight_id = ? LIMIT 1")) {
      select.setLong(1, accountId);
      select.setLong(2, flightId);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  /** Which of {@code serials} name a credential of the account (revoked or not). */
  public static Set<CredentialSerial> heldBy(Connection connection, long accountId,
      Collection<CredentialSerial> serials) throws SQLException {
    Set<CredentialSerial> held = new HashSet<>();
    if (serials.isEmpty()) {
      return held;
    }
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT serial FROM credentials WHERE account_id = ? AND serial = ANY(?)")) {
      select.setLong(1, accountId);
      select.setArray(2, serialArray(connection, serials));
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          held.add(new CredentialSerial(Bytes.of(row.getBytes(1))));
        }
      }
    }
    return held;
  }

  /** Locks the credential's row (if there is one) until the caller's transaction ends. */
  public static void lock(Connection connection, CredentialSerial serial) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT 1 FROM credentials WHERE serial = ? FOR UPDATE")) {
      lock.setBytes(1, serial.value().toByteArray());
      lock.executeQuery().close();
    }
  }

  /** The credential's total spending limit in minor units, if there is such a credential. */
  public static OptionalLong totalLimitMinor(Connection connection, CredentialSerial serial)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT total_limit_minor FROM credentials WHERE serial = ?")) {
      select.setBytes(1, serial.value().toByteArray());
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? OptionalLong.of(row.getLong(1)) : OptionalLong.empty();
      }
    }
  }

  /** Revokes the still-valid credentials of accounts that fell into arrears, bumping their flights' bundles. */
  public static void suspendOfflineUse(Connection connection, List<Long> accountIds, Instant now) throws SQLException {
    if (accountIds.isEmpty()) {
      return;
    }
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE credentials SET revoked_at = ? WHERE account_id = ANY(?) AND revoked_at IS NULL AND valid_until > ?"
            + " RETURNING flight_id")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setArray(2, connection.createArrayOf("bigint", accountIds.toArray()));
      update.setTimestamp(3, Timestamp.from(now));
      bumpFlights(connection, update, now);
    }
  }

  /** Revokes the credentials of {@code serials} not revoked yet, bumping their flights' bundles. */
  public static void revoke(Connection connection, Set<CredentialSerial> serials, Instant now) throws SQLException {
    if (serials.isEmpty()) {
      return;
    }
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE credentials SET revoked_at = ? WHERE serial = ANY(?) AND revoked_at IS NULL RETURNING flight_id")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setArray(2, serialArray(connection, serials));
      bumpFlights(connection, update, now);
    }
  }

  private static void bumpFlights(Connection connection, PreparedStatement revocation, Instant now)
      throws SQLException {
    TreeSet<Long> flights = new TreeSet<>();
    try (ResultSet row = revocation.executeQuery()) {
      while (row.next()) {
        flights.add(row.getLong(1));
      }
    }
    for (long flightId : flights) {
      TrustEvents.flightChanged(connection, "credential-revoked", flightId, now);
    }
  }

  /** {@code serials} as one {@code bytea[]} parameter, for {@code = ANY(?)} and {@code unnest(?)}. */
  public static Array serialArray(Connection connection, Collection<CredentialSerial> serials) throws SQLException {
    byte[][] values = new byte[serials.size()][];
    int i = 0;
    for (CredentialSerial serial : serials) {
      values[i++] = serial.value().toByteArray();
    }
    return connection.createArrayOf("bytea", values);
  }

  private static int manifestSize(Connection connection, long flightId) throws SQLException {
    try (PreparedStatement count = connection.prepareStatement("SELECT count(*) FROM credentials WHERE flight_id = ?")) {
      count.setLong(1, flightId);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  /** Revokes a credential by serial (idempotent); false when there is no such credential. */
  public boolean revoke(CredentialSerial serial) {
    return database.inTransaction(connection -> {
      Instant now = clock.instant();
      try (PreparedStatement update = connection.prepareStatement(
          "UPDATE credentials SET revoked_at = coalesce(revoked_at, ?) WHERE serial = ? RETURNING flight_id,"
              + " revoked_at = ? AS newly")) {
        update.setTimestamp(1, Timestamp.from(now));
        update.setBytes(2, serial.value().toByteArray());
        update.setTimestamp(3, Timestamp.from(now));
        try (ResultSet row = update.executeQuery()) {
          if (!row.next()) {
            return false;
          }
          if (row.getBoolean("newly")) {
            TrustEvents.flightChanged(connection, "credential-revoked", row.getLong("flight_id"), now);
          }
          return true;
        }
      }
    });
  }
}
