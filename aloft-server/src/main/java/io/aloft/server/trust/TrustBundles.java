package io.aloft.server.trust;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.FxRate;
import io.aloft.server.airline.Airline;
import io.aloft.server.airline.Airlines;
import io.aloft.server.airline.Flight;
import io.aloft.server.airline.Terminal;
import io.aloft.server.airline.Terminals;
import io.aloft.server.db.Database;
import io.aloft.server.enrolment.Enrolments;
import io.aloft.server.issuer.IssuerKeyRing;
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
import java.util.List;
import java.util.Optional;

/**
 * Builds, signs and keeps the trust bundle of each flight.
 *
 * <p>A bundle's version is the newest trust event that concerns its flight (see
 * {@link TrustEvents}); the signed bytes of a version are stored, so every fetch of an unchanged
 * bundle returns identical bytes and the HTTP ETag holds. A stored bundle that is about to expire
 * (a delayed flight) is re-signed with a later expiry under the same version.
 */
public final class TrustBundles {
  /** Terminals and wallets may use a bundle until this long after scheduled arrival. */
  static final Duration VALID_AFTER_ARRIVAL = Duration.ofHours(24);
  /** A stored bundle with less life left than this is re-signed rather than served. */
  static final Duration MIN_REMAINING = Duration.ofHours(1);

  private final Database database;
  private final IssuerKeyRing issuerKeys;
  private final List<FxRate> fxRates;
  private final Clock clock;

  public TrustBundles(Database database, IssuerKeyRing issuerKeys, List<FxRate> fxRates, Clock clock) {
    if (fxRates.size() > TrustBundle.MAX_FX_RATES) {
      throw new IllegalArgumentException("at most " + TrustBundle.MAX_FX_RATES + " FX rates, got " + fxRates.size());
    }
    this.database = database;
    this.issuerKeys = issuerKeys;
    this.fxRates = List.copyOf(fxRates);
    this.clock = clock;
  }

  /** A signed bundle as served. */
  public record Signed(long flightId, long version, Instant issuedAt, Instant expiresAt, Bytes encoded) {}

  /** The current bundle of a flight; empty when there is no such flight. */
  public Optional<Signed> current(long flightId) {
    return database.inTransaction(connection -> {
      Optional<Flight> flight = Airlines.findFlight(connection, flightId);
      if (flight.isEmpty()) {
        return Optional.empty();
      }
      Airline airline = Airlines.find(connection, flight.get().airlineId()).orElseThrow();
      long version = TrustEvents.versionFor(connection, airline.id(), flightId);
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Optional<Signed> stored = fresh(connection, flightId, version, now);
      if (stored.isPresent()) {
        return stored;
      }
      // Concurrent fetches of a changed bundle must not each sign their own bytes (and ETag):
      // the first builds under a per-flight lock, the others then find its result.
      lockFlight(connection, flightId);
      stored = fresh(connection, flightId, version, now);
      if (stored.isPresent()) {
        return stored;
      }
      TrustBundle bundle = build(connection, airline, flight.get(), version, now);
      return Optional.of(store(connection, bundle));
    });
  }

  /**
   * The current bundle of a flight in its wallet form: no manifest, so a passenger never sees
   * their co-passengers' credentials. Derived from the stored bundle and signed on each call;
   * Ed25519 is deterministic, so an unchanged bundle gives identical bytes (and ETag) every time.
   */
  public Optional<Signed> currentForWallet(long flightId) {
    return current(flightId).map(full -> {
      TrustBundle bundle = decodeBundle(full.encoded().toByteArray());
      if (bundle.signerKeyId() != issuerKeys.signingKeyId()) {
        throw new IllegalStateException("bundle " + bundle + " is signed by issuer key " + bundle.signerKeyId()
            + ", the current signing key is " + issuerKeys.signingKeyId());
      }
      return signed(bundle.withoutManifest(issuerKeys.signer()));
    });
  }

  private static Optional<Signed> fresh(Connection connection, long flightId, long version, Instant now)
      throws SQLException {
    return stored(connection, flightId, version).filter(bundle -> bundle.expiresAt().isAfter(now.plus(MIN_REMAINING)));
  }

  private static void lockFlight(Connection connection, long flightId) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, flightId);
      lock.executeQuery().close();
    }
  }

  private TrustBundle build(Connection connection, Airline airline, Flight flight, long version, Instant now)
      throws SQLException {
    Instant expiresAt = later(flight.scheduledArrival().plus(VALID_AFTER_ARRIVAL), now.plus(MIN_REMAINING.multipliedBy(2)));
    List<TerminalCertificate> certificates = new ArrayList<>();
    for (Terminal terminal : Terminals.terminalsOf(connection, airline.id(), true)) {
      certificates.add(decodeCertificate(terminal));
    }
    return new TrustBundle(issuerKeys.signingKeyId(), version, flight.id(), flight.flightCode(airline), now, expiresAt,
        issuerKeys.publicKeys(), certificates, revokedCredentials(connection, flight.id()),
        Terminals.revokedOf(connection, airline.id(), TrustBundle.MAX_REVOKED_TERMINALS),
        manifest(connection, flight.id()), fxRates, flight.oneScan(), Bytes.empty())
        .signedBy(issuerKeys.signer());
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static TerminalCertificate decodeCertificate(Terminal terminal) {
    try {
      return TerminalCertificate.decode(terminal.certificate().toByteArray());
    } catch (DecodeException e) {
      throw new IllegalStateException("stored certificate of terminal " + terminal.id() + " does not decode", e);
    }
  }

  /** Credentials are scoped to one flight, so only this flight's revocations matter to its bundle. */
  private static List<CredentialSerial> revokedCredentials(Connection connection, long flightId) throws SQLException {
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

  private static List<OfflineCredential> manifest(Connection connection, long flightId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT encoded FROM credentials"
        + " WHERE flight_id = ? AND revoked_at IS NULL LIMIT " + TrustBundle.MAX_MANIFEST)) {
      select.setLong(1, flightId);
      List<OfflineCredential> credentials = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          credentials.add(Enrolments.decodeStored(row.getBytes(1)));
        }
      }
      return credentials;
    }
  }

  private static Optional<Signed> stored(Connection connection, long flightId, long version) throws SQLException {
    return storedBundle(connection, flightId, version).map(TrustBundles::signed);
  }

  /**
   * The bundle the issuer signed for {@code version} of the flight, as served (settlement re-runs
   * the rules with the exact version a terminal held); empty when that version was never signed.
   */
  public static Optional<TrustBundle> storedBundle(Connection connection, long flightId, long version)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT encoded FROM trust_bundles WHERE flight_id = ? AND version = ?")) {
      select.setLong(1, flightId);
      select.setLong(2, version);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(decodeBundle(row.getBytes(1))) : Optional.empty();
      }
    }
  }

  private static Signed store(Connection connection, TrustBundle bundle) throws SQLException {
    byte[] encoded = bundle.encode();
    try (PreparedStatement upsert = connection.prepareStatement(
        "INSERT INTO trust_bundles (flight_id, version, created_at, encoded) VALUES (?, ?, ?, ?)"
            + " ON CONFLICT (flight_id, version) DO UPDATE SET created_at = excluded.created_at,"
            + " encoded = excluded.encoded")) {
      upsert.setLong(1, bundle.flightId());
      upsert.setLong(2, bundle.bundleVersion());
      upsert.setTimestamp(3, Timestamp.from(bundle.issuedAt()));
      upsert.setBytes(4, encoded);
      upsert.executeUpdate();
    }
    // Assert right after writing that what we serve decodes to what we built.
    Signed signed = signed(decodeBundle(encoded));
    if (signed.version() != bundle.bundleVersion()) {
      throw new IllegalStateException("trust bundle round trip changed its version");
    }
    return signed;
  }

  private static TrustBundle decodeBundle(byte[] encoded) {
    try {
      return TrustBundle.decode(encoded);
    } catch (DecodeException e) {
      throw new IllegalStateException("a stored trust bundle does not decode: " + e.getMessage(), e);
    }
  }

  private static Signed signed(TrustBundle bundle) {
    return new Signed(bundle.flightId(), bundle.bundleVersion(), bundle.issuedAt(), bundle.expiresAt(),
        Bytes.of(bundle.encode()));
  }

  /** Whether this account holds a credential on the flight, which entitles its wallet to the bundle. */
  public boolean isEnrolled(long accountId, long flightId) {
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(
          "SELECT 1 FROM credentials WHERE account_id = ? AND flight_id = ? LIMIT 1")) {
        select.setLong(1, accountId);
        select.setLong(2, flightId);
        try (ResultSet row = select.executeQuery()) {
          return row.next();
        }
      }
    });
  }

  /** Airline that owns the flight, for authorisation; empty when there is no such flight. */
  public Optional<Long> airlineOf(long flightId) {
    return database.inTransaction(connection -> Airlines.findFlight(connection, flightId).map(Flight::airlineId));
  }

  /**
   * Records a change of the published issuer key set since the last start as a trust event, so
   * every bundle gets a new version carrying the new keys.
   */
  public void noteIssuerKeys(String fingerprint) {
    database.inTransaction(connection -> {
      try (PreparedStatement upsert = connection.prepareStatement(
          "INSERT INTO server_state (name, value) VALUES ('issuer-keys', ?) ON CONFLICT (name) DO UPDATE"
              + " SET value = excluded.value WHERE server_state.value <> excluded.value RETURNING 1")) {
        upsert.setString(1, fingerprint);
        try (ResultSet row = upsert.executeQuery()) {
          if (row.next()) {
            TrustEvents.everyoneChanged(connection, "issuer-keys-changed", clock.instant());
          }
        }
      }
      return null;
    });
  }
}
