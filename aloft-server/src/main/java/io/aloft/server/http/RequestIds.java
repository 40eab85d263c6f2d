package io.aloft.server.http;

import io.javalin.http.Context;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.MDC;

/**
 * Every answer, API or console, carries a {@code Request-Id} header: 16 hex digits, chosen by the
 * server, also written in the logs and the audit log, so that a client quoting it to support
 * points at exactly one request.
 */
public final class RequestIds {
  public static final String HEADER = "Request-Id";
  /** The MDC key that holds the id while the request is handled, so every log line names its request. */
  public static final String MDC_KEY = "request_id";
  private static final String ATTRIBUTE = "requestId";

  private RequestIds() {}

  /**
   * Gives the request its id, as a header of the answer, an attribute for the handlers and an MDC
   * entry for the logs (removed by the access log once the answer is written).
   */
  static void assign(Context ctx) {
    String id = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
    ctx.attribute(ATTRIBUTE, id);
    ctx.header(HEADER, id);
    MDC.put(MDC_KEY, id);
  }

  /** The request's id; "-" before {@link #assign} ran (a request Jetty refused itself). */
  public static String of(Context ctx) {
    Object id = ctx.attribute(ATTRIBUTE);
    return id == null ? "-" : id.toString();
  }
}
