package io.aloft.server.db;

import java.sql.SQLException;

/** A database failure we did not expect (lost connection, timeout, constraint we did not plan for). */
public final class DatabaseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DatabaseException(SQLException cause) {
    super(cause.getMessage(), cause);
  }

  /** The SQLSTATE, e.g. 23505 for a unique violation, so callers can recognise a race they planned for. */
  public String sqlState() {
    return ((SQLException) getCause()).getSQLState();
  }
}
