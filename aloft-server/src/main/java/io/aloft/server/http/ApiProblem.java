package io.aloft.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An expected failure of an HTTP request, rendered as an RFC 9457 problem detail. The
 * {@code type} is {@code urn:aloft:problem:<slug>}; slugs are stable and listed in docs/api.md, so
 * clients branch on them rather than on the human-readable title or detail.
 */
public final class ApiProblem extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public static final String TYPE_PREFIX = "urn:aloft:problem:";

  private final int status;
  private final String slug;
  private final String title;
  private final Map<String, Object> extensions;

  private ApiProblem(int status, String slug, String title, String detail, Map<String, Object> extensions) {
    super(detail, null, false, false);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.extensions = Map.copyOf(extensions);
  }

  public static ApiProblem of(int status, String slug, String title, String detail) {
    return new ApiProblem(status, slug, title, detail, Map.of());
  }

  public ApiProblem with(String name, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(extensions);
    more.put(name, value);
    return new ApiProblem(status, slug, title, getMessage(), more);
  }

  public static ApiProblem invalidRequest(String detail) {
    return of(400, "invalid-request", "The request is not valid", detail);
  }

  public static ApiProblem unauthenticated(String detail) {
    return of(401, "unauthenticated", "Authentication is required", detail);
  }

  public static ApiProblem forbidden(String detail) {
    return of(403, "forbidden", "Not allowed for this caller", detail);
  }

  public static ApiProblem notFound(String detail) {
    return of(404, "not-found", "No such resource", detail);
  }

  public static ApiProblem conflict(String detail) {
    return of(409, "conflict", "Conflicts with the current state", detail);
  }

  /** Over a rate limit or a cap: {@code Retry-After} says when to try again. */
  public static ApiProblem tooManyRequests(String detail, long retryAfterSeconds) {
    return of(429, "rate-limited", "Too many requests", detail).with(RETRY_AFTER_SECONDS, retryAfterSeconds);
  }

  static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

  /** The seconds a client should wait before trying again, when the problem says. */
  public java.util.Optional<Long> retryAfterSeconds() {
    return extensions.get(RETRY_AFTER_SECONDS) instanceof Long seconds ? java.util.Optional.of(seconds)
        : java.util.Optional.empty();
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  /** The problem document: type, title, status, detail, then any extension members. */
  public Map<String, Object> body(String instance) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPE_PREFIX + slug);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", getMessage());
    if (instance != null) {
      body.put("instance", instance);
    }
    body.putAll(extensions);
    return body;
  }
}
