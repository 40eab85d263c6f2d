package io.aloft.server.catalogue;

import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Airlines' catalogues in PostgreSQL: the only package that names {@code catalogue_versions} and
 * {@code catalogue_items}.
 *
 * <p>Replacing a catalogue adds a version and never changes an earlier one. A flight's bundle
 * carries {@linkplain #forFlight the version in force at its scheduled departure}, the newest for a
 * flight that has not departed, so a departed flight keeps the catalogue it flew with whatever its
 * later bundle versions change. Known limit: versions are kept for as long as the airline's
 * flights are (at most {@link Catalogue#MAX_ITEMS} rows each); an unchanged catalogue adds none.
 */
public final class Catalogues {
  private final Database database;
  private final Clock clock;
  private final Changes changes;

  /** @param changes records, in the replacing transaction, that the airline's bundles changed */
  public Catalogues(Database database, Clock clock, Changes changes) {
    this.database = database;
    this.clock = clock;
    this.changes = changes;
  }

  /** What a replaced catalogue means for the airline's trust bundles; the trust package answers it. */
  @FunctionalInterface
  public interface Changes {
    void catalogueChanged(Connection connection, long airlineId, Instant now) throws SQLException;
  }

  /** An airline's catalogue as it stands; {@code updatedAt} empty when it never set one. */
  public record Current(long airlineId, Optional<Instant> updatedAt, Catalogue catalogue) {}

  /** The outcome of a replacement: the catalogue now, and whether it differs from the one before. */
  public record Replaced(Current current, boolean changed, int itemsBefore) {}

  public Current current(long airlineId) {
    return database.inTransaction(connection -> current(connection, airlineId));
  }

  /**
   * Makes {@code catalogue} the airline's, as a new version, unless it equals the current one. A
   * new version is a trust change of the airline, in the same transaction, so every bundle of its
   * flights gets a new version; flights that have departed keep their catalogue in it.
   */
  public Replaced replace(long airlineId, Catalogue catalogue) {
    return database.inTransaction(connection -> {
      Current before = current(connection, airlineId);
      if (before.catalogue().equals(catalogue)) {
        return new Replaced(before, false, before.catalogue().items().size());
      }
      Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
      long version = insertVersion(connection, airlineId, now);
      insertItems(connection, version, catalogue);
      changes.catalogueChanged(connection, airlineId, now);
      Current after = current(connection, airlineId);
      // Assert right after writing that what bundles will carry is what was asked for.
      if (!after.catalogue().equals(catalogue)) {
        throw new IllegalStateException("catalogue of airline " + airlineId + " did not read back as written");
      }
      return new Replaced(after, true, before.catalogue().items().size());
    });
  }

  /**
   * The catalogue a flight of the airline carries in a bundle built at {@code now}: the version in
   * force at the flight's departure if it has departed, else the newest. Empty when there is none.
   */
  public static Catalogue forFlight(Connection connection, long airlineId, Instant scheduledDeparture, Instant now)
      throws SQLException {
    Optional<Instant> departed = scheduledDeparture.isBefore(now) ? Optional.of(scheduledDeparture) : Optional.empty();
    Optional<Version> version = versionAt(connection, airlineId, departed);
    return version.isEmpty() ? Catalogue.EMPTY : items(connection, version.get().id());
  }

  private static Current current(Connection connection, long airlineId) throws SQLException {
    Optional<Version> version = versionAt(connection, airlineId, Optional.empty());
    if (version.isEmpty()) {
      return new Current(airlineId, Optional.empty(), Catalogue.EMPTY);
    }
    return new Current(airlineId, Optional.of(version.get().createdAt()), items(connection, version.get().id()));
  }

  private record Version(long id, Instant createdAt) {}

  private static Optional<Version> versionAt(Connection connection, long airlineId, Optional<Instant> at)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT id, created_at FROM catalogue_versions"
        + " WHERE airline_id = ?" + (at.isPresent() ? " AND created_at <= ?" : "")
        + " ORDER BY created_at DESC, id DESC LIMIT 1")) {
      select.setLong(1, airlineId);
      if (at.isPresent()) {
        select.setTimestamp(2, Timestamp.from(at.get()));
      }
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(new Version(row.getLong(1), row.getTimestamp(2).toInstant()))
            : Optional.empty();
      }
    }
  }

  private static Catalogue items(Connection connection, long versionId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT sku, category, name_en, name_zh,"
        + " unit_price_minor, currency FROM catalogue_items WHERE version_id = ? ORDER BY sku LIMIT "
        + (Catalogue.MAX_ITEMS + 1))) {
      select.setLong(1, versionId);
      List<CatalogueItem> items = new ArrayList<>();
      try (ResultSet row = select.executeQuery()) {
        while (row.next()) {
          items.add(new CatalogueItem(row.getString(1), row.getString(2), row.getString(3), row.getString(4),
              row.getLong(5), CurrencyUnit.of(row.getString(6))));
        }
      }
      // The protocol's constructors check the bounds right after reading; a breach is our bug.
      return new Catalogue(items);
    }
  }

  private static long insertVersion(Connection connection, long airlineId, Instant now) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO catalogue_versions (airline_id, created_at) VALUES (?, ?) RETURNING id")) {
      insert.setLong(1, airlineId);
      insert.setTimestamp(2, Timestamp.from(now));
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static void insertItems(Connection connection, long versionId, Catalogue catalogue) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO catalogue_items (version_id, sku,"
        + " category, name_en, name_zh, unit_price_minor, currency) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (CatalogueItem item : catalogue.items()) {
        insert.setLong(1, versionId);
        insert.setString(2, item.sku());
        insert.setString(3, item.category());
        insert.setString(4, item.nameEn());
        insert.setString(5, item.nameZh());
        insert.setLong(6, item.unitPriceMinor());
        insert.setString(7, item.currency().code());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
