package io.aloft.server.http;

import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which page of a list the caller asks for, read from the query: at most {@code limit} items
 * (1 to {@link #MAX_LIMIT}, default {@link #DEFAULT_LIMIT}) after the item whose id is
 * {@code startingAfter}.
 *
 * <p>Every list orders by its items' ids, newest first, and reads the next page with
 * {@code id < startingAfter}, never an offset: an item inserted between two requests can neither
 * repeat an item nor skip one, and a cursor stays good when the item it names is gone. A list
 * answers a {@link Page}.
 */
public record PageRequest(int limit, Optional<Long> startingAfter) {
  public static final String LIMIT = "limit";
  public static final String STARTING_AFTER = "starting_after";
  public static final int DEFAULT_LIMIT = 25;
  public static final int MAX_LIMIT = 100;
  /** Ids are positive {@code bigint}s; 18 digits always fit in a {@code long}. */
  private static final int MAX_CURSOR_DIGITS = 18;

  public PageRequest {
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
    }
    Objects.requireNonNull(startingAfter, "startingAfter");
    if (startingAfter.isPresent() && startingAfter.get() < 1) {
      throw new IllegalArgumentException("startingAfter must be a positive id: " + startingAfter.get());
    }
  }

  /**
   * The page {@code limit} and {@code starting_after} ask for; each absent is the default. A value
   * that is not one (text, out of range, empty, given twice) is a 400 {@code invalid-limit} or
   * {@code invalid-cursor}.
   */
  public static PageRequest of(Context ctx) {
    Optional<String> limit = single(ctx, LIMIT).map(text -> {
      if (!text.matches("[0-9]{1,3}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > MAX_LIMIT) {
        throw invalidLimit("Query parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT + ", got '"
            + Requests.abbreviate(text) + "'.");
      }
      return text;
    });
    Optional<Long> after = single(ctx, STARTING_AFTER).map(text -> {
      if (!text.matches("[0-9]{1," + MAX_CURSOR_DIGITS + "}") || Long.parseLong(text) < 1) {
        throw invalidCursor("Query parameter 'starting_after' must be the id of the last item of the previous"
            + " page, got '" + Requests.abbreviate(text) + "'.");
      }
      return Long.parseLong(text);
    });
    return new PageRequest(limit.map(Integer::parseInt).orElse(DEFAULT_LIMIT), after);
  }

  private static Optional<String> single(Context ctx, String name) {
    List<String> values = ctx.queryParams(name);
    if (values.size() > 1) {
      String detail = "Query parameter '" + name + "' is given " + values.size() + " times; give it once.";
      throw name.equals(LIMIT) ? invalidLimit(detail) : invalidCursor(detail);
    }
    return values.stream().findFirst();
  }

  static ApiProblem invalidLimit(String detail) {
    return ApiProblem.of(400, "invalid-limit", "The page limit is not valid", detail).with("maxLimit", MAX_LIMIT);
  }

  static ApiProblem invalidCursor(String detail) {
    return ApiProblem.of(400, "invalid-cursor", "The page cursor is not valid", detail);
  }

  /**
   * One page of a list, as every list answers it: {@code {"data": [...], "hasMore": bool}}, newest
   * first. When {@code hasMore} is true, the id of the last item of {@code data} is the next
   * page's {@code starting_after}.
   */
  public record Page<T>(List<T> data, boolean hasMore) {
    public Page {
      data = List.copyOf(data);
    }

    public <V> Page<V> map(Function<? super T, ? extends V> view) {
      return new Page<>(data.stream().<V>map(view).toList(), hasMore);
    }
  }
}
