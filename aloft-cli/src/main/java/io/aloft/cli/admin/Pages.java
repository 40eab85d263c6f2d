package io.aloft.cli.admin;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The API's lists as the admin commands read them: one page, {@code {"data": [...], "hasMore"}},
 * newest first, asked for with {@code limit} and {@code starting_after} (docs/api.md, "Lists").
 */
final class Pages {
  private Pages() {}

  /** {@code path} with the page's query; the server checks the values and refuses bad ones in words. */
  static String path(String path, Integer limit, Long startingAfter) {
    StringBuilder query = new StringBuilder();
    if (limit != null) {
      query.append("limit=").append(limit);
    }
    if (startingAfter != null) {
      query.append(query.isEmpty() ? "" : "&").append("starting_after=").append(startingAfter);
    }
    return query.isEmpty() ? path : path + "?" + query;
  }

  /** A last line that says how to see the next page, or nothing when this page is the last. */
  static String more(JsonNode page) {
    JsonNode data = page.path("data");
    if (!page.path("hasMore").asBoolean() || data.isEmpty()) {
      return "";
    }
    return "\nolder ones follow: --starting-after " + data.get(data.size() - 1).path("id").asLong();
  }
}
