package io.aloft.cli.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import java.util.Optional;

/**
 * The server could not be reached, or answered with an RFC 9457 problem. An expected outcome for
 * a command line (a wrong key, a refused enrolment), turned into one printed line by
 * {@link #toCliException()}.
 */
public final class ApiException extends Exception {
  private static final long serialVersionUID = 1L;
  private static final String PROBLEM_PREFIX = "urn:aloft:problem:";

  private final int status;
  private final String type;
  private final transient JsonNode problem;

  private ApiException(int status, String type, String message, JsonNode problem, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.type = type;
    this.problem = problem;
  }

  static ApiException unreachable(String baseUrl, Exception cause) {
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new ApiException(0, "unreachable", "cannot reach the server at " + baseUrl + " (" + why
        + "); is 'aloft serve' running?", null, cause);
  }

  static ApiException fromResponse(String method, String path, int status, JsonNode body) {
    String type = body != null && body.hasNonNull("type") ? body.get("type").asText() : "http-" + status;
    if (type.startsWith(PROBLEM_PREFIX)) {
      type = type.substring(PROBLEM_PREFIX.length());
    }
    String detail = body == null ? "" : text(body, "message").or(() -> text(body, "detail"))
        .or(() -> text(body, "title")).orElse("");
    String message = "server refused " + method + " " + path + ": " + status + " " + type
        + (detail.isEmpty() ? "" : ": " + detail)
        + (detail.startsWith("Endpoint ") ? " (is the server older than this command?)" : "");
    return new ApiException(status, type, message, body, null);
  }

  private static Optional<String> text(JsonNode body, String field) {
    return Optional.ofNullable(body.get(field)).filter(JsonNode::isTextual).map(JsonNode::asText)
        .filter(s -> !s.isBlank());
  }

  /** HTTP status, or 0 when the server was not reached. */
  public int status() {
    return status;
  }

  /** The problem type without its {@code urn:aloft:problem:} prefix, e.g. {@code enrolment-refused}. */
  public String type() {
    return type;
  }

  /** A string member of the problem body, such as {@code reason} for a refused enrolment. */
  public Optional<String> member(String name) {
    return problem == null ? Optional.empty() : text(problem, name);
  }

  /** 404 for a route the server does not have at all (an older server), as opposed to a missing resource. */
  public boolean isMissingEndpoint() {
    return status == 404 || status == 405;
  }

  /** Refusals by the rules (422) exit 1; everything else about the server exits 4. */
  public CliException toCliException() {
    return new CliException(status == 422 ? ExitCodes.REFUSED : ExitCodes.SERVER, getMessage());
  }
}
