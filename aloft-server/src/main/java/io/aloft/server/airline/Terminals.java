package io.aloft.server.airline;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.server.audit.AuditLog;
import io.aloft.server.db.Conditions;
import io.aloft.server.db.Database;
import io.aloft.server.http.ApiTokens;
import io.aloft.server.http.TerminalKeys;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Crew terminals: registering one stores its Ed25519 key and issues its {@link TerminalCertificate}
 * under the issuer key; revoking one lists it in every bundle of its airline from then on, and
 * refuses its signed requests at once ({@link TerminalKeys}).
 */
public final class Terminals implements TerminalKeys {
  /** A trust bundle holds at most this many terminal certificates, so an airline may not have more active. */
  public static final int MAX_ACTIVE_PER_AIRLINE = TrustBundle.MAX_TERMINALS;

  private final Database database;
  private final AuditLog audit;
  private final IssuerKeyRing issuerKeys;
  private final Clock clock;
  private final Duration certificateValidity;

  public Terminals(Database database, AuditLog audit, IssuerKeyRing issuerKeys, Clock clock,
      Duration certificateValidity) {
    this.database = database;
    this.audit = audit;
    this.issuerKeys = issuerKeys;
    this.clock = clock;
    this.certificateValidity = certificateValidity;
  }

  /** Outcome of a registration. */
  public sealed interface Registration {
    record Registered(Terminal terminal, TerminalCertificate certificate) implements Registration {}
    record KeyAlreadyRegistered() implements Registration {}
    record TooManyTerminals(int max) implements Registration {}
    /** The one-time registration code was used, revoked or expired meanwhile. */
    record CodeNotUsable() implements Registration {}
  }

  /** Registers under the airline's merchant key or the operator's. */
  public Registration register(Airline airline, VerificationKey key, String displayName) {
    return register(airline, key, displayName, Optional.empty());
  }

  /**
   * Registers a terminal; with {@code registrationCodeHash}, only if that one-time code is still
   * usable, and the code is used up in the same transaction, so it enrols exactly one terminal.
   */
  public Registration register(Airline airline, VerificationKey key, String displayName,
      Optional<byte[]> registrationCodeHash) {
    return database.inTransaction(connection -> {
      lockAirline(connection, airline.id());
      if (activeCount(connection, airline.id()) >= MAX_ACTIVE_PER_AIRLINE) {
        return new Registration.TooManyTerminals(MAX_ACTIVE_PER_AIRLINE);
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
      Optional<Long> id = insert(connection, airline.id(), key, displayName, now);
      if (id.isEmpty()) {
        return new Registration.KeyAlreadyRegistered();
      }
      if (registrationCodeHash.isPresent()
          && !ApiTokens.consumeRegistrationCode(connection, registrationCodeHash.get(), clock.instant())) {
        connection.rollback();
        return new Registration.CodeNotUsable();
      }
      TerminalCertificate certificate = new TerminalCertificate(issuerKeys.signingKeyId(), id.get(), airline.id(),
          displayName, key, now, now.plus(certificateValidity), Bytes.empty()).signedBy(issuerKeys.signer());
      storeCertificate(connection, id.get(), certificate.encode());
      TrustEvents.airlineChanged(connection, "terminal-registered", airline.id(), now);
      return new Registration.Registered(find(connection, id.get()).orElseThrow(), certificate);
    });
  }

  /** Serialises registrations per airline so the active-terminal bound holds under concurrency. */
  private static void lockAirline(Connection connection, long airlineId) throws SQLException {
    try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM airlines WHERE id = ? FOR UPDATE")) {
      lock.setLong(1, airlineId);
      lock.executeQuery().close();
    }
  }

  private static int activeCount(Connection connection, long airlineId) throws SQLException {
    try (PreparedStatement count = connection.prepareStatement(
        "SELECT count(*) FROM terminals WHERE airline_id = ? AND revoked_at IS NULL")) {
      count.setLong(1, airlineId);
      try (ResultSet row = count.executeQuery()) {
        row.next();
        return row.getInt(1);
      }
    }
  }

  private static Optional<Long> insert(Connection connection, long airlineId, VerificationKey key, String displayName,
      Instant now) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO terminals (created_at, airline_id, public_key, display_name, certificate)"
            + " VALUES (?, ?, ?, ?, ''::bytea) ON CONFLICT (public_key) DO NOTHING RETURNING id")) {
      insert.setTimestamp(1, Timestamp.from(now));
      insert.setLong(2, airlineId);
      insert.setBytes(3, key.encoded().toByteArray());
      insert.setString(4, displayName);
      try (ResultSet row = insert.executeQuery()) {
        return row.next() ? Optional.of(row.getLong(1)) : Optional.empty();
      }
    }
  }

  private static void storeCertificate(Connection connection, long id, byte[] encoded) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement("UPDATE terminals SET certificate = ? WHERE id = ?")) {
      update.setBytes(1, encoded);
      update.setLong(2, id);
      update.executeUpdate();
    }
  }

  public Optional<Terminal> find(long id) {
    return database.inTransaction(connection -> find(connection, id));
  }

  @Override
  public Optional<Active> active(long terminalId) {
    return find(terminalId).filter(terminal -> terminal.revokedAt().isEmpty()).map(terminal -> new Active(
        terminal.id(), terminal.airlineId(), new VerificationKey(io.aloft.protocol.crypto.SignatureAlgorithm.ED25519,
            terminal.publicKey())));
  }

  private static Optional<Terminal> find(Connection connection, long id) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT * FROM terminals WHERE id = ?")) {
      select.setLong(1, id);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(read(row)) : Optional.empty();
      }
    }
  }

  public static List<Terminal> terminalsOf(Connection connection, long airlineId, boolean activeOnly)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT * FROM terminals WHERE airline_id = ?"
        + (activeOnly ? " AND revoked_at IS NULL" : "") + " ORDER BY id DESC LIMIT " + Airlines.MAX_LISTED)) {
      select.setLong(1, airlineId);
      List<Terminal> terminals = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          terminals.add(read(row));
        }
      }
      return terminals;
    }
  }

  /** Ids of the airline's revoked terminals, at most the bundle's bound, newest first. */
  public static List<Long> revokedOf(Connection connection, long airlineId, int max) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT id FROM terminals WHERE airline_id = ?"
        + " AND revoked_at IS NOT NULL ORDER BY revoked_at DESC, id DESC LIMIT " + max)) {
      select.setLong(1, airlineId);
      List<Long> ids = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          ids.add(row.getLong(1));
        }
      }
      return ids;
    }
  }

  /** Whether the terminal is revoked now; false for an unknown id. */
  public static boolean isRevoked(Connection connection, long terminalId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT 1 FROM terminals WHERE id = ? AND revoked_at IS NOT NULL")) {
      select.setLong(1, terminalId);
      try (ResultSet row = select.executeQuery()) {
        return row.next();
      }
    }
  }

  /** Outcome of a revocation. */
  public sealed interface Revocation {
    /** Revoked now, or {@code already} revoked before (the first time is kept). */
    record Revoked(Terminal terminal, boolean already) implements Revocation {}
    /** No such terminal, or one of another airline: the same answer, so ids reveal nothing. */
    record NotFound() implements Revocation {}
  }

  /**
   * Revokes a terminal for the operator ({@code airlineScope} empty) or for an airline, which may
   * revoke only its own, and records it in the audit log under {@code actor} (a principal name)
   * and the request id. Revoking twice keeps the first time and is recorded once.
   */
  public Revocation revoke(long terminalId, Optional<Long> airlineScope, String actor, String requestId) {
    Revocation revocation = revoke(terminalId, airlineScope);
    if (revocation instanceof Revocation.Revoked revoked && !revoked.already()) {
      Terminal terminal = revoked.terminal();
      audit.record(actor, "terminal.revoke", "terminal:" + terminal.id(), "revoked terminal '"
          + terminal.displayName() + "' of airline " + terminal.airlineId() + " (key " + terminal.keyFingerprint()
          + ")", requestId);
    }
    return revocation;
  }

  private Revocation revoke(long terminalId, Optional<Long> airlineScope) {
    return database.inTransaction(connection -> {
      Optional<Terminal> terminal = find(connection, terminalId);
      if (terminal.isEmpty() || airlineScope.isPresent() && airlineScope.get() != terminal.get().airlineId()) {
        return new Revocation.NotFound();
      }
      if (terminal.get().revokedAt().isPresent()) {
        return new Revocation.Revoked(terminal.get(), true);
      }
      return new Revocation.Revoked(revoke(connection, terminal.get()), false);
    });
  }

  private Terminal revoke(Connection connection, Terminal terminal) throws SQLException {
    Instant now = clock.instant();
    try (PreparedStatement update = connection.prepareStatement("UPDATE terminals SET revoked_at = ? WHERE id = ?")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setLong(2, terminal.id());
      update.executeUpdate();
    }
    TrustEvents.airlineChanged(connection, "terminal-revoked", terminal.airlineId(), now);
    return find(connection, terminal.id()).orElseThrow();
  }

  /** One page of terminals, newest first. */
  public record TerminalPage(List<Terminal> terminals, boolean hasMore) {}

  /**
   * Terminals newest first, of one airline or all ({@code airlineId} empty), revoked ones
   * included, after the cursor {@code startingAfter} (a terminal id), at most {@code limit}.
   */
  public TerminalPage page(Optional<Long> airlineId, Optional<Long> startingAfter, int limit) {
    if (limit < 1 || limit > Airlines.MAX_LISTED) {
      throw new IllegalArgumentException("limit must be 1.." + Airlines.MAX_LISTED + ": " + limit);
    }
    // Only the conditions asked for, so that the index on (airline_id, id) serves the seek.
    Conditions where = new Conditions().and("airline_id = ?", airlineId).and("id < ?", startingAfter);
    String sql = "SELECT * FROM terminals" + where.where() + " ORDER BY id DESC LIMIT " + (limit + 1);
    return database.inTransaction(connection -> {
      try (PreparedStatement select = connection.prepareStatement(sql)) {
        where.bind(select);
        List<Terminal> terminals = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
          while (row.next()) {
            terminals.add(read(row));
          }
        }
        boolean more = terminals.size() > limit;
        return new TerminalPage(more ? terminals.subList(0, limit) : terminals, more);
      }
    });
  }

  private static Terminal read(ResultSet row) throws SQLException {
    Timestamp revoked = row.getTimestamp("revoked_at");
    return new Terminal(row.getLong("id"), row.getTimestamp("created_at").toInstant(), row.getLong("airline_id"),
        Bytes.of(row.getBytes("public_key")), row.getString("display_name"), Bytes.of(row.getBytes("certificate")),
        Optional.ofNullable(revoked).map(Timestamp::toInstant));
  }

  /** The certificate of the airline's terminal; empty when the airline has no such terminal. */
  public static Optional<TerminalCertificate> certificateOf(Connection connection, long terminalId, long airlineId)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT certificate FROM terminals WHERE id = ? AND airline_id = ?")) {
      select.setLong(1, terminalId);
      select.setLong(2, airlineId);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(TerminalCertificate.decode(row.getBytes(1)));
      }
    } catch (DecodeException e) {
      throw new IllegalStateException("stored certificate of terminal " + terminalId + " does not decode", e);
    }
  }

  /** When each of the airline's revoked terminals was revoked, by terminal id. */
  public static Map<Long, Instant> revokedOf(Connection connection, long airlineId) throws SQLException {
    Map<Long, Instant> terminalsRevoked = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id, revoked_at FROM terminals WHERE airline_id = ? AND revoked_at IS NOT NULL")) {
      select.setLong(1, airlineId);
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          terminalsRevoked.put(row.getLong(1), row.getTimestamp(2).toInstant());
        }
      }
    }
    return terminalsRevoked;
  }
}
