package io.aloft.terminal.sqlite;

import io.aloft.protocol.sqlite.StorageException;
import io.aloft.protocol.Bytes;
import io.aloft.protocol.rules.Reason;
import io.aloft.terminal.cabin.CabinStore;
import io.aloft.terminal.sale.RequestStore;
import io.aloft.terminal.trust.BundleStore;
import io.aloft.terminal.upload.EntryOutcome;
import io.aloft.terminal.upload.Outcome;
import io.aloft.terminal.upload.UploadLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The bundle, open requests, upload log and cabin digests on the other tables of {@link SqliteStorage}. */
final class SqliteStore implements BundleStore, RequestStore, UploadLog, CabinStore {
  private final SqliteStorage storage;

  SqliteStore(SqliteStorage storage) {
    this.storage = storage;
  }

  @Override
  public Optional<StoredBundle> installedBundle() {
    return queryOne("SELECT encoded, installed_at_s FROM bundle WHERE id = 1", s -> { },
        row -> new StoredBundle(Bytes.of(row.getBytes(1)), Instant.ofEpochSecond(row.getLong(2))));
  }

  @Override
  public void saveBundle(StoredBundle bundle) {
    storage.inTransaction("save the trust bundle", () -> update(
        "INSERT INTO bundle (id, encoded, installed_at_s) VALUES (1, ?, ?) ON CONFLICT (id)"
            + " DO UPDATE SET encoded = excluded.encoded, installed_at_s = excluded.installed_at_s",
        s -> {
          s.setBytes(1, bundle.encoded().toByteArray());
          s.setLong(2, bundle.installedAt().getEpochSecond());
        }));
  }

  @Override
  public Optional<Duration> issuerClockOffset() {
    return queryOne("SELECT offset_ms FROM issuer_clock WHERE id = 1", s -> { },
        row -> Duration.ofMillis(row.getLong(1)));
  }

  @Override
  public void saveIssuerClockOffset(Duration offset) {
    storage.inTransaction("save the issuer clock offset", () -> update(
        "INSERT INTO issuer_clock (id, offset_ms) VALUES (1, ?) ON CONFLICT (id)"
            + " DO UPDATE SET offset_ms = excluded.offset_ms",
        s -> s.setLong(1, offset.toMillis())));
  }

  @Override
  public void saveRequest(Bytes nonce, Bytes encodedRequest, Instant createdAt, int keepAtMost) {
    if (keepAtMost < 1) {
      throw new IllegalArgumentException("keepAtMost must be ≥ 1: " + keepAtMost);
    }
    storage.inTransaction("save a payment request", () -> {
      update("INSERT INTO open_request (nonce, encoded, created_at_s) VALUES (?, ?, ?)", s -> {
        s.setBytes(1, nonce.toByteArray());
        s.setBytes(2, encodedRequest.toByteArray());
        s.setLong(3, createdAt.getEpochSecond());
      });
      update("DELETE FROM open_request WHERE ord <= (SELECT max(ord) FROM open_request) - ?",
          s -> s.setInt(1, keepAtMost));
    });
  }

  @Override
  public Optional<Bytes> request(Bytes nonce) {
    return queryOne("SELECT encoded FROM open_request WHERE nonce = ?", s -> s.setBytes(1, nonce.toByteArray()),
        row -> Bytes.of(row.getBytes(1)));
  }

  @Override
  public Optional<StoredBatch> openBatch() {
    return queryOne("SELECT batch_id, first_seq, last_seq, encoded, idempotency_key FROM batch WHERE closed = 0",
        s -> { }, row -> new StoredBatch(row.getLong(1), row.getLong(2), row.getLong(3), Bytes.of(row.getBytes(4)),
            Optional.ofNullable(row.getString(5))));
  }

  @Override
  public long lastAcknowledgedSequence() {
    return queryOne("SELECT coalesce(max(last_seq), 0) FROM batch WHERE closed = 1", s -> { },
        row -> row.getLong(1)).orElse(0L);
  }

  @Override
  public long lastBatchId() {
    return queryOne("SELECT coalesce(max(batch_id), 0) FROM batch", s -> { }, row -> row.getLong(1)).orElse(0L);
  }

  @Override
  public void saveOpenBatch(StoredBatch batch) {
    storage.inTransaction("save batch " + batch.batchId(), () -> {
      if (openBatch().isPresent()) {
        throw new IllegalStateException("a batch is open already; answer it before making another");
      }
      update("INSERT INTO batch (batch_id, first_seq, last_seq, encoded, closed, idempotency_key)"
          + " VALUES (?, ?, ?, ?, 0, ?)", s -> {
            s.setLong(1, batch.batchId());
            s.setLong(2, batch.firstSequence());
            s.setLong(3, batch.lastSequence());
            s.setBytes(4, batch.encoded().toByteArray());
            s.setString(5, batch.idempotencyKey().orElse(null));
          });
    });
  }

  @Override
  public void assignIdempotencyKey(long batchId, String idempotencyKey) {
    storage.inTransaction("key batch " + batchId, () -> {
      int keyed = update("UPDATE batch SET idempotency_key = ? WHERE batch_id = ? AND closed = 0"
          + " AND idempotency_key IS NULL", s -> {
            s.setString(1, idempotencyKey);
            s.setLong(2, batchId);
          });
      if (keyed != 1) {
        throw new IllegalStateException("batch " + batchId + " is not open or already has a key");
      }
    });
  }

  @Override
  public void closeBatch(long batchId, List<EntryOutcome> outcomes) {
    storage.inTransaction("record the outcomes of batch " + batchId, () -> {
      for (EntryOutcome outcome : outcomes) {
        update("INSERT INTO outcome (seq, batch_id, outcome, reason) VALUES (?, ?, ?, ?)", s -> {
          s.setLong(1, outcome.journalSequence());
          s.setLong(2, batchId);
          s.setString(3, outcome.outcome().name());
          s.setString(4, outcome.reason().map(Reason::name).orElse(null));
        });
      }
      int closed = update("UPDATE batch SET closed = 1 WHERE batch_id = ? AND closed = 0", s -> s.setLong(1, batchId));
      if (closed != 1) {
        throw new IllegalStateException("batch " + batchId + " is not the open batch");
      }
    });
  }

  @Override
  public Optional<EntryOutcome> outcome(long journalSequence) {
    return queryOne("SELECT outcome, reason FROM outcome WHERE seq = ?", s -> s.setLong(1, journalSequence),
        row -> new EntryOutcome(journalSequence, Outcome.valueOf(row.getString(1)),
            Optional.ofNullable(row.getString(2)).map(Reason::valueOf)));
  }

  @Override
  public void saveDigest(long originTerminalId, Bytes encoded, Instant receivedAt, List<Long> supersededIds) {
    storage.inTransaction("keep a cabin digest of terminal " + originTerminalId, () -> {
      update("INSERT INTO cabin_digest (origin_terminal, encoded, received_at_s) VALUES (?, ?, ?)", s -> {
        s.setLong(1, originTerminalId);
        s.setBytes(2, encoded.toByteArray());
        s.setLong(3, receivedAt.getEpochSecond());
      });
      for (long id : supersededIds) {
        update("DELETE FROM cabin_digest WHERE id = ?", s -> s.setLong(1, id));
      }
    });
  }

  @Override
  public List<StoredDigest> digestsAfter(long afterId, int limit) {
    if (limit < 1 || limit > 10_000) {
      throw new IllegalArgumentException("limit must be 1..10000: " + limit);
    }
    try (PreparedStatement statement = storage.prepare(
        "SELECT id, origin_terminal, encoded, received_at_s FROM cabin_digest WHERE id > ? ORDER BY id LIMIT ?")) {
      statement.setLong(1, afterId);
      statement.setInt(2, limit);
      List<StoredDigest> digests = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          digests.add(new StoredDigest(row.getLong(1), row.getLong(2), Bytes.of(row.getBytes(3)),
              Instant.ofEpochSecond(row.getLong(4))));
        }
      }
      return digests;
    } catch (SQLException e) {
      throw new StorageException("cannot read the cabin digests", e);
    }
  }

  @Override
  public void notePeerHeard(long peerTerminalId, String address, Instant at) {
    storage.inTransaction("note cabin peer " + peerTerminalId, () -> update(
        "INSERT INTO cabin_peer (terminal_id, address, last_heard_s) VALUES (?, ?, ?) ON CONFLICT (terminal_id)"
            + " DO UPDATE SET address = excluded.address, last_heard_s = max(last_heard_s, excluded.last_heard_s)",
        s -> {
          s.setLong(1, peerTerminalId);
          s.setString(2, address);
          s.setLong(3, at.getEpochSecond());
        }));
  }

  @Override
  public List<PeerHeard> peersHeard() {
    try (PreparedStatement statement = storage.prepare(
        "SELECT terminal_id, address, last_heard_s FROM cabin_peer ORDER BY terminal_id")) {
      List<PeerHeard> peers = new ArrayList<>();
      try (ResultSet row = statement.executeQuery()) {
        while (row.next()) {
          peers.add(new PeerHeard(row.getLong(1), row.getString(2), Instant.ofEpochSecond(row.getLong(3))));
        }
      }
      return peers;
    } catch (SQLException e) {
      throw new StorageException("cannot read the cabin peers", e);
    }
  }

  private int update(String sql, Sql.Binder binder) throws SQLException {
    try (PreparedStatement statement = storage.prepare(sql)) {
      binder.bind(statement);
      return statement.executeUpdate();
    }
  }

  private <T> Optional<T> queryOne(String sql, Sql.Binder binder, Sql.Mapper<T> mapper) {
    try (PreparedStatement statement = storage.prepare(sql)) {
      binder.bind(statement);
      try (ResultSet row = statement.executeQuery()) {
        return row.next() ? Optional.of(mapper.map(row)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw new StorageException("cannot read " + sql, e);
    }
  }
}
