package io.aloft.server.http;

import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One line per answered request, on the {@code io.aloft.access} logger at info: method, path,
 * route template, status, duration and, when the caller proved who it is, the kind of caller
 * ({@code admin}, {@code airline}, {@code account}, {@code terminal}, {@code registration}). The
 * request id is in the MDC under {@link RequestIds#MDC_KEY}, as on every line logged while the
 * request is handled. The path is the request's path alone: a query string, where a careless
 * client might put a secret, never reaches the log.
 */
final class AccessLog {
  static final Logger LOG = LoggerFactory.getLogger("io.aloft.access");
  /** Longer paths (only unmatched ones can be) are cut, so a client cannot flood the log. */
  static final int MAX_PATH_CHARS = 200;

  private AccessLog() {}

  /** Writes the request's line and ends its MDC: the request thread goes back to Jetty's pool. */
  static void write(Context ctx, String route, float executionTimeMs) {
    try {
      if (!LOG.isInfoEnabled()) {
        return;
      }
      MDC.put(RequestIds.MDC_KEY, RequestIds.of(ctx));
      String path = ctx.path().length() <= MAX_PATH_CHARS ? ctx.path() : ctx.path().substring(0, MAX_PATH_CHARS) + "…";
      long durationMs = Math.round(executionTimeMs);
      LOG.atInfo()
          .setMessage("{} {} {} {} ms")
          .addArgument(ctx.method().name())
          .addArgument(path)
          .addArgument(ctx.statusCode())
          .addArgument(durationMs)
          .addKeyValue("method", ctx.method().name())
          .addKeyValue("path", path)
          .addKeyValue("route", route)
          .addKeyValue("status", ctx.statusCode())
          .addKeyValue("duration_ms", durationMs)
          .addKeyValue("principal", principalKind(ctx))
          .log();
    } finally {
      MDC.remove(RequestIds.MDC_KEY);
    }
  }

  /** The part of the principal's name before its id ("airline" of "airline:7"); "-" when unknown. */
  private static String principalKind(Context ctx) {
    if (ctx.attribute(ApiAudit.PRINCIPAL) instanceof Principal principal) {
      String name = principal.name();
      int colon = name.indexOf(':');
      return colon < 0 ? name : name.substring(0, colon);
    }
    return "-";
  }
}
