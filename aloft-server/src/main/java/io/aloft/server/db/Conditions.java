package io.aloft.server.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The optional conditions of a list query, each on an id: only those asked for go into the
 * {@code WHERE} clause, so that the index on exactly those columns serves a seek.
 */
public final class Conditions {
  private final List<String> clauses = new ArrayList<>();
  private final List<Long> values = new ArrayList<>();

  /** Adds {@code clause} (with one {@code ?}) when {@code value} is present. */
  public Conditions and(String clause, Optional<Long> value) {
    value.ifPresent(v -> {
      clauses.add(clause);
      values.add(v);
    });
    return this;
  }

  /** {@code " WHERE a AND b"}, or nothing when no condition was asked for. */
  public String where() {
    return clauses.isEmpty() ? "" : " WHERE " + String.join(" AND ", clauses);
  }

  /** The values of the conditions asked for, in order, for the statement's first parameters. */
  public List<Long> values() {
    return List.copyOf(values);
  }

  /** Binds the values to the statement's first parameters. */
  public void bind(PreparedStatement statement) throws SQLException {
    for (int i = 0; i < values.size(); i++) {
      statement.setLong(i + 1, values.get(i));
    }
  }
}
