package io.aloft.server.settlement;

import io.aloft.protocol.message.TrustBundle;
import io.aloft.server.airline.Terminals;
import io.aloft.server.db.Database;
import io.aloft.server.trust.TrustBundles;
import io.aloft.server.trustlog.TrustEvents;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bundles the issuer signed, read from {@code trust_bundles} and {@code trust_events}, with
 * two caches: decoded bundles by (flight, version) — a version's content never changes — and per
 * flight a timeline of versions. A timeline loaded at L is complete for times before L minus a
 * margin (anything stored after L cannot have reached a terminal before L); for later times it is
 * reused for at most {@link #TIMELINE_TTL}, and the verifier asks for a {@link #refresh} before
 * it rejects for a reason a newer bundle could change.
 */
public final class StoredBundles implements BundleSource {
  private static final int MAX_CACHED_BUNDLES = 256;
  private static final int MAX_CACHED_TIMELINES = 1024;
  private static final Duration MARGIN = Duration.ofSeconds(5);
  private static final Duration TIMELINE_TTL = Duration.ofSeconds(1);

  private final Database database;
  private final Clock clock;
  private final Map<String, TrustBundle> bundles = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, TrustBundle> eldest) {
      return size() > MAX_CACHED_BUNDLES;
    }
  };
  private final Map<Long, Timeline> timelines = new ConcurrentHashMap<>();

  public StoredBundles(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /**
   * When each version became current, which versions were stored, and when the airline's revoked
   * terminals were revoked, as of {@code loadedAt}.
   */
  private record Timeline(Instant loadedAt, TreeMap<Instant, Long> versionFrom, NavigableSet<Long> stored,
      Map<Long, Instant> terminalsRevoked) {
    /** The newest stored version current at {@code at}, 0 when none was stored by then. */
    long versionAt(Instant at) {
      Map.Entry<Instant, Long> entry = versionFrom.floorEntry(at);
      long current = entry == null ? 1 : Math.max(1, entry.getValue());
      Long held = stored.floor(current);
      return held == null ? 0 : held;
    }
  }

  @Override
  public Optional<TrustBundle> version(long flightId, long version) {
    String key = flightId + ":" + version;
    synchronized (bundles) {
      TrustBundle cached = bundles.get(key);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    Optional<TrustBundle> loaded = database.inTransaction(connection -> TrustBundles.storedBundle(connection, flightId, version));
    loaded.ifPresent(bundle -> {
      synchronized (bundles) {
        bundles.put(key, bundle);
      }
    });
    return loaded;
  }

  @Override
  public long versionAt(long flightId, long airlineId, Instant at) {
    return timeline(flightId, airlineId, at).versionAt(at);
  }

  @Override
  public Optional<Instant> terminalRevokedAt(long flightId, long airlineId, long terminalId, Instant at) {
    return Optional.ofNullable(timeline(flightId, airlineId, at).terminalsRevoked().get(terminalId))
        .filter(revokedAt -> !revokedAt.isAfter(at));
  }

  private Timeline timeline(long flightId, long airlineId, Instant at) {
    Timeline timeline = timelines.get(flightId);
    if (timeline == null || !isComplete(timeline, at)) {
      if (timelines.size() > MAX_CACHED_TIMELINES) {
        timelines.clear();
      }
      timeline = database.inTransaction(connection -> loadTimeline(connection, flightId, airlineId));
      timelines.put(flightId, timeline);
    }
    return timeline;
  }

  private boolean isComplete(Timeline timeline, Instant at) {
    return at.isBefore(timeline.loadedAt().minus(MARGIN))
        || clock.instant().isBefore(timeline.loadedAt().plus(TIMELINE_TTL));
  }

  @Override
  public boolean refresh(long flightId) {
    return timelines.remove(flightId) != null;
  }

  private Timeline loadTimeline(Connection connection, long flightId, long airlineId) throws SQLException {
    Instant loadedAt = clock.instant();
    TreeMap<Instant, Long> versionFrom = TrustEvents.versionsFrom(connection, flightId, airlineId);
    TreeSet<Long> stored = TrustBundles.storedVersions(connection, flightId);
    // A version's running maximum must not go down as time goes on (clock steps back): keep the max.
    long running = 0;
    for (Map.Entry<Instant, Long> entry : versionFrom.entrySet()) {
      running = Math.max(running, entry.getValue());
      entry.setValue(running);
    }
    Map<Long, Instant> terminalsRevoked = Terminals.revokedOf(connection, airlineId);
    return new Timeline(loadedAt, versionFrom, stored, terminalsRevoked);
  }
}
