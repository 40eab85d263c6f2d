package io.aloft.server.db;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import org.postgresql.PGConnection;

/**
 * Rows for one {@code COPY table (columns) FROM STDIN (FORMAT binary)}, built in memory and sent
 * in one exchange inside the caller's transaction. Settlement writes a batch's payments, ledger
 * entries and postings this way: PostgreSQL then parses no SQL and plans nothing per row, and the
 * driver binds no parameters, which a multi-row INSERT of thousands of parameters does. Every
 * constraint (primary keys, checks) holds exactly as for INSERT, and a violation fails the COPY,
 * so the caller's transaction rolls back as before.
 *
 * <p>Binary COPY is strict about types: each value must be sent in the column's own binary form.
 * The typed {@code add} methods below are the only ones we need: {@code bigint},
 * {@code timestamptz}, {@code text}/{@code char(n)} and {@code bytea}; the caller names columns of
 * exactly those types, in order. A mismatch is refused by the server (a bug, never silent).
 *
 * <p>Wire format (PostgreSQL "COPY", binary format): an 11-byte signature, a 32-bit flags field
 * and a 32-bit header extension length (both 0); then per row a 16-bit field count and per field
 * a 32-bit length (−1 for NULL) and that many bytes, big-endian; then a 16-bit −1 trailer.
 */
public final class BinaryCopy {
  private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
  /** PostgreSQL's timestamp epoch, 2000-01-01T00:00:00Z, in seconds since the Unix epoch. */
  private static final long POSTGRES_EPOCH_SECONDS = 946_684_800L;
  /** Upper bound on one COPY's buffered rows: a settlement upload needs well under 1 MiB. */
  private static final int MAX_BYTES = 64 << 20;

  private final String sql;
  private final int columns;
  /** The COPY data so far, {@code size} bytes of it (ByteArrayOutputStream locks on every byte). */
  private byte[] buffer;
  private int size;
  private int fieldsInRow;
  private int rows;

  /** A COPY into {@code table} of {@code columns} (comma-separated, in the order values are added). */
  public BinaryCopy(String table, String columns, int expectedRows) {
    if (expectedRows < 0) {
      throw new IllegalArgumentException("expectedRows must be ≥ 0: " + expectedRows);
    }
    this.sql = "COPY " + table + " (" + columns + ") FROM STDIN (FORMAT binary)";
    this.columns = columns.split(",").length;
    this.buffer = new byte[Math.min(MAX_BYTES, 32 + expectedRows * (2 + this.columns * 12))];
    writeBytes(SIGNATURE);
    writeInt(0);
    writeInt(0);
  }

  /** Starts a row; exactly {@code columns} values must follow. */
  public BinaryCopy row() {
    checkRowComplete();
    writeShort(columns);
    rows++;
    return this;
  }

  public BinaryCopy add(long bigint) {
    field(8);
    writeLong(bigint);
    return this;
  }

  public BinaryCopy add(Instant timestamptz) {
    Instant micros = timestamptz.truncatedTo(ChronoUnit.MICROS);
    field(8);
    writeLong(Math.addExact(Math.multiplyExact(micros.getEpochSecond() - POSTGRES_EPOCH_SECONDS, 1_000_000L),
        micros.getNano() / 1_000));
    return this;
  }

  public BinaryCopy add(String text) {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    field(utf8.length);
    writeBytes(utf8);
    return this;
  }

  /** A {@code bytea} value; null writes SQL NULL. */
  public BinaryCopy add(byte[] bytea) {
    if (bytea == null) {
      return addNull();
    }
    field(bytea.length);
    writeBytes(bytea);
    return this;
  }

  public BinaryCopy addNull() {
    countField();
    writeInt(-1);
    return this;
  }

  /** Sends every row in the caller's transaction; returns the number of rows PostgreSQL stored. */
  public long execute(Connection connection) throws SQLException {
    checkRowComplete();
    if (rows == 0) {
      return 0;
    }
    writeShort(-1);
    var copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
    try {
      copy.writeToCopy(buffer, 0, size);
      long stored = copy.endCopy();
      if (stored != rows) {
        throw new IllegalStateException(sql + " stored " + stored + " rows of " + rows);
      }
      return stored;
    } finally {
      if (copy.isActive()) {
        copy.cancelCopy();
      }
    }
  }

  private void field(int length) {
    countField();
    writeInt(length);
  }

  private void countField() {
    if (rows == 0 || fieldsInRow == columns) {
      throw new IllegalStateException("value outside a row, or more than " + columns + " in one: " + sql);
    }
    fieldsInRow++;
  }

  private void checkRowComplete() {
    if (rows > 0 && fieldsInRow != columns) {
      throw new IllegalStateException("row " + rows + " has " + fieldsInRow + " of " + columns + " values: " + sql);
    }
    fieldsInRow = 0;
  }

  private void writeShort(int value) {
    ensure(2);
    buffer[size++] = (byte) (value >>> 8);
    buffer[size++] = (byte) value;
  }

  private void writeInt(int value) {
    ensure(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
  }

  private void writeLong(long value) {
    ensure(8);
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[size++] = (byte) (value >>> shift);
    }
  }

  private void writeBytes(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      if ((long) size + more > MAX_BYTES) {
        throw new IllegalStateException("COPY of more than " + MAX_BYTES + " bytes: " + sql);
      }
      buffer = Arrays.copyOf(buffer, (int) Math.min(MAX_BYTES, Math.max(2L * buffer.length, (long) size + more)));
    }
  }
}
