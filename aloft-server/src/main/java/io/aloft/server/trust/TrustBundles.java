package io.aloft.server.trust;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.FxRate;
import io.aloft.server.airline.Airline;
import io.aloft.server.airline.Airlines;
import io.aloft.server.airline.Flight;
import io.aloft.server.airline.Terminal;
import io.aloft.server.airline.Terminals;
import io.aloft.server.catalogue.Catalogues;
import io.aloft.server.db.Database;
import io.aloft.server.enrolment.Enrolments;
import io.aloft.server.issuer.IssuerKeyRing;
import io.aloft.server.trustlog.TrustEvents;
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
import java.util.TreeSet;

/**
 * Builds, signs and keeps the trust bundle of each flight.
 *
 * <p>A bundle's version is the newest trust event that concerns its flight (see
 * {@link TrustEvents}); the signed bytes of a version are stored once and never change, so every
 * fetch of a version returns identical bytes and the HTTP ETag holds. A stored bundle that is about
 * to expire (a delayed flight) is re-signed with a later expiry as a new version: a
 * {@code bundle-renewed} trust event of the flight.
 *
 * <p>Its FX rates are the snapshot current at the flight's scheduled departure ({@link FxSnapshots}):
 * before departure a change of rates is a new version, after it the rates stay as they were.
 *
 * <p>Storage is bounded by pruning ({@link BundleRetention}): each time a new version is stored,
 * the flight's older versions that settlement can no longer need are deleted.
 */
public final class TrustBundles {
  /** Terminals and wallets may use a bundle until this long after scheduled arrival. */
  static final Duration VALID_AFTER_ARRIVAL = Duration.ofHours(24);
  /** A stored bundle with less life left than this is re-signed rather than served. */
  static final Duration MIN_REMAINING = Duration.ofHours(1);

  private final Database database;
  private final IssuerKeyRing issuerKeys;
  private final Clock clock;
  private final VersionsInUse versionsInUse;

  /** @param versionsInUse the bundle versions settled payments name, which are never pruned */
  public TrustBundles(Database database, IssuerKeyRing issuerKeys, Clock clock, VersionsInUse versionsInUse) {
    this.database = database;
    this.issuerKeys = issuerKeys;
    this.clock = clock;
    this.versionsInUse = versionsInUse;
  }

  /** Bundle versions of a flight that settled payments name; settlement answers this. */
  @FunctionalInterface
  public interface VersionsInUse {
    java.util.Set<Long> of(Connection connection, long flightId) throws SQLException;
  }

  /** A signed bundle as served. */
  public record Signed(long flightId, long version, Instant issuedAt, Instant expiresAt, Bytes encoded) {}

  /** The current bundle of a flight, as a terminal-side caller gets it; empty when there is no such flight. */
  public Optional<Signed> current(long flightId) {
    return current(flightId, true);
  }

  /**
   * The current bundle of a flight; empty when there is no such flight.
   *
   * @param forTerminals whether the caller is terminal-side (a terminal, its airline, the
   *     operator), whose copy settlement may later need; a wallet's is not
   */
  public Optional<Signed> current(long flightId, boolean forTerminals) {
    return database.inTransaction(connection -> {
      Optional<Flight> flight = Airlines.findFlight(connection, flightId);
      if (flight.isEmpty()) {
        return Optional.empty();
      }
      Airline airline = Airlines.find(connection, flight.get().airlineId()).orElseThrow();
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      long version = TrustEvents.versionFor(connection, airline.id(), flightId);
      Optional<Stored> stored = fresh(connection, flightId, version, now);
      if (stored.isPresent() && (stored.get().servedToTerminals() || !forTerminals)) {
        return Optional.of(stored.get().signed());
      }
      // Concurrent fetches of a changed bundle must not each sign their own bytes (and ETag), and
      // a version must not be pruned while it is handed to a terminal: both happen under a
      // per-flight lock, after which the version is read again.
      lockFlight(connection, flightId);
      version = TrustEvents.versionFor(connection, airline.id(), flightId);
      stored = fresh(connection, flightId, version, now);
      if (stored.isPresent()) {
        if (forTerminals && !stored.get().servedToTerminals()) {
          markServedToTerminals(connection, flightId, version);
        }
        return Optional.of(stored.get().signed());
      }
      if (storedBundle(connection, flightId, version).isPresent()) {
        // Near expiry: renewing is a change like any other, so the renewed bundle is a new version.
        TrustEvents.flightChanged(connection, "bundle-renewed", flightId, now);
        version = TrustEvents.versionFor(connection, airline.id(), flightId);
      }
      TrustBundle bundle = build(connection, airline, flight.get(), version, now);
      Signed signed = store(connection, bundle, forTerminals);
      BundleRetention.prune(connection, flight.get(), version, now, versionsInUse);
      return Optional.of(signed);
    });
  }

  /**
   * The current bundle of a flight in its wallet form: no manifest, so a passenger never sees
   * their co-passengers' credentials. Derived from the stored bundle and signed on each call;
   * Ed25519 is deterministic, so an unchanged bundle gives identical bytes (and ETag) every time.
   * The stored version it derives from counts as one only wallets fetched ({@link BundleRetention}).
   */
  public Optional<Signed> currentForWallet(long flightId) {
    return current(flightId, false).map(full -> {
      TrustBundle bundle = decodeBundle(full.encoded().toByteArray());
      if (bundle.signerKeyId() != issuerKeys.signingKeyId()) {
        throw new IllegalStateException("bundle " + bundle + " is signed by issuer key " + bundle.signerKeyId()
            + ", the current signing key is " + issuerKeys.signingKeyId());
      }
      return signed(bundle.withoutManifest(issuerKeys.signer()));
    });
  }

  /** A stored version and whether it went to a terminal-side caller. */
  private record Stored(Signed signed, boolean servedToTerminals) {}

  private static Optional<Stored> fresh(Connection connection, long flightId, long version, Instant now)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT encoded, served_to_terminals FROM trust_bundles WHERE flight_id = ? AND version = ?")) {
      select.setLong(1, flightId);
      select.setLong(2, version);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        Signed signed = signed(decodeBundle(row.getBytes(1)));
        return signed.expiresAt().isAfter(now.plus(MIN_REMAINING))
            ? Optional.of(new Stored(signed, row.getBoolean(2))) : Optional.empty();
      }
    }
  }

  private static void markServedToTerminals(Connection connection, long flightId, long version) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE trust_bundles SET served_to_terminals = true WHERE flight_id = ? AND version = ?")) {
      update.setLong(1, flightId);
      update.setLong(2, version);
      update.executeUpdate();
    }
  }

  private static void lockFlight(Connection connection, long flightId) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
      lock.setLong(1, flightId);
      lock.executeQuery().close();
    }
  }

  private TrustBundle build(Connection connection, Airline airline, Flight flight, long version, Instant now)
      throws SQLException {
    // The FX snapshot is looked up at the exact instant, not the bundle's whole second, so that a
    // bundle built right after a change carries it.
    List<FxRate> fxRates = FxSnapshots.forFlight(connection, flight.scheduledDeparture(), clock.instant());
    Instant expiresAt = later(flight.scheduledArrival().plus(VALID_AFTER_ARRIVAL), now.plus(MIN_REMAINING.multipliedBy(2)));
    List<TerminalCertificate> certificates = new ArrayList<>();
    for (Terminal terminal : Terminals.terminalsOf(connection, airline.id(), true)) {
      certificates.add(decodeCertificate(terminal));
    }
    return new TrustBundle(issuerKeys.signingKeyId(), version, flight.id(), flight.flightCode(airline), now, expiresAt,
        issuerKeys.publicKeys(), certificates, Enrolments.revokedCredentials(connection, flight.id()),
        Terminals.revokedOf(connection, airline.id(), TrustBundle.MAX_REVOKED_TERMINALS),
        Enrolments.manifest(connection, flight.id()), fxRates, flight.oneScan(),
        Catalogues.forFlight(connection, airline.id(), flight.scheduledDeparture(), now), Bytes.empty())
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

  /** The versions of the flight's bundle that the issuer signed and stored. */
  public static TreeSet<Long> storedVersions(Connection connection, long flightId) throws SQLException {
    TreeSet<Long> stored = new TreeSet<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT version FROM trust_bundles WHERE flight_id = ?")) {
      select.setLong(1, flightId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          stored.add(row.getLong(1));
        }
      }
    }
    return stored;
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

  /** Stores a new version; a version already stored is never overwritten (its bytes never change). */
  private static Signed store(Connection connection, TrustBundle bundle, boolean servedToTerminals)
      throws SQLException {
    byte[] encoded = bundle.encode();
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO trust_bundles"
        + " (flight_id, version, created_at, encoded, served_to_terminals) VALUES (?, ?, ?, ?, ?)")) {
      insert.setLong(1, bundle.flightId());
      insert.setLong(2, bundle.bundleVersion());
      insert.setTimestamp(3, Timestamp.from(bundle.issuedAt()));
      insert.setBytes(4, encoded);
      insert.setBoolean(5, servedToTerminals);
      insert.executeUpdate();
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
    return database.inTransaction(connection -> Enrolments.holdsCredential(connection, accountId, flightId));
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
  /** The last bundle a terminal fetched, or confirmed with If-None-Match that it holds. */
  public record TerminalFetch(long terminalId, long flightId, long version, Instant fetchedAt) {}

  /** Records that a terminal fetched (or still holds) this version of a flight's bundle. */
  public void noteFetched(long terminalId, long flightId, long version) {
    database.inTransaction(connection -> {
      try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO terminal_bundle_fetches"
          + " (terminal_id, flight_id, version, fetched_at) VALUES (?, ?, ?, ?) ON CONFLICT (terminal_id) DO UPDATE"
          + " SET flight_id = excluded.flight_id, version = excluded.version, fetched_at = excluded.fetched_at")) {
        upsert.setLong(1, terminalId);
        upsert.setLong(2, flightId);
        upsert.setLong(3, version);
        upsert.setTimestamp(4, Timestamp.from(clock.instant()));
        upsert.executeUpdate();
      }
      return null;
    });
  }

  /** The last fetch of each of these terminals that fetched a bundle; at most {@link Airlines#MAX_LISTED} ids. */
  public java.util.Map<Long, TerminalFetch> lastFetches(java.util.Collection<Long> terminalIds) {
    if (terminalIds.size() > Airlines.MAX_LISTED) {
      throw new IllegalArgumentException("at most " + Airlines.MAX_LISTED + " terminals, got " + terminalIds.size());
    }
    return database.inTransaction(connection -> {
      java.util.Map<Long, TerminalFetch> fetches = new java.util.HashMap<>();
      try (PreparedStatement select = connection.prepareStatement("SELECT terminal_id, flight_id, version, fetched_at"
          + " FROM terminal_bundle_fetches WHERE terminal_id = ANY(?)")) {
        select.setArray(1, connection.createArrayOf("bigint", terminalIds.toArray()));
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            fetches.put(row.getLong(1), new TerminalFetch(row.getLong(1), row.getLong(2), row.getLong(3),
                row.getTimestamp(4).toInstant()));
          }
        }
      }
      return fetches;
    });
  }
}
