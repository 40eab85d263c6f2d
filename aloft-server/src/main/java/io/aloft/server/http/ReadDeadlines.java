package io.aloft.server.http;

import io.javalin.http.Context;
import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.ee10.servlet.ServletChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.io.ssl.SslConnection;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deadlines for reading a request, which Jetty's idle timeout alone does not give: it restarts at
 * every byte, so a client sending a byte every few seconds would hold a connection (while it sends
 * headers) or a request thread (while it sends a body) for hours.
 *
 * <ul>
 *   <li><b>Headers.</b> Every {@link #SWEEP_MS} ms each connection's parser is looked at; one
 *       part-way through a request's line and headers for longer than the header deadline is closed.</li>
 *   <li><b>Body.</b> A request with a body gets {@link HttpLimits#bodyDeadline} for its declared
 *       length (the largest upload's when it declares none) from the moment its handling starts; if
 *       the body has not arrived whole by then, its connection is closed, which ends the read.</li>
 * </ul>
 */
public final class ReadDeadlines implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReadDeadlines.class);
  static final long SWEEP_MS = 200;
  private static final String BODY_DEADLINE = "aloft.body-deadline";

  private final HttpLimits limits;
  private final long largestBodyBytes;
  /** When each connection was first seen part-way through headers; only connections open now. */
  private final Map<EndPoint, Long> partSince = new ConcurrentHashMap<>();
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
    Thread thread = new Thread(runnable, "aloft-read-deadlines");
    thread.setDaemon(true);
    return thread;
  });
  private volatile Server server;

  /** {@code largestBodyBytes}: the deadline of a body of unknown length (chunked) is that of one this large. */
  public ReadDeadlines(HttpLimits limits, long largestBodyBytes) {
    this.limits = limits;
    this.largestBodyBytes = largestBodyBytes;
  }

  /** Starts the header deadline on the server's connections, once it listens. */
  public void start(Server listening) {
    this.server = listening;
    scheduler.scheduleWithFixedDelay(this::sweep, SWEEP_MS, SWEEP_MS, TimeUnit.MILLISECONDS);
  }

  /** Before a request's handler: a request with a body gets its deadline. */
  void watchBody(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    boolean chunked = "chunked".equalsIgnoreCase(ctx.header("Transfer-Encoding"));
    if (declared <= 0 && !chunked) {
      return;
    }
    ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
    long deadlineMs = limits.bodyDeadline(declared > 0 ? declared : largestBodyBytes).toMillis();
    ScheduledFuture<?> cut = scheduler.schedule(() -> cutIfStillReading(request), deadlineMs, TimeUnit.MILLISECONDS);
    ctx.attribute(BODY_DEADLINE, cut);
  }

  /** After a request's handler, whatever its outcome: its deadline no longer applies. */
  void release(Context ctx) {
    if (ctx.attribute(BODY_DEADLINE) instanceof ScheduledFuture<?> cut) {
      cut.cancel(false);
    }
  }

  /**
   * The largest body refused as too large that is read to its end and dropped before answering:
   * a few times the largest upload, so that a client that overshoots gets its 413; a larger one
   * is cut off unread.
   */
  static final long DRAIN_LIMIT = 4L << 20;

  /**
   * After every other handler, before Javalin writes the answer and before the body's deadline
   * is released: a body refused as too large (413) that declares at most {@link #DRAIN_LIMIT}
   * bytes is read to its end, within its deadline, and dropped, so that the client, still
   * sending, is not answered by a reset that loses the 413. Any other unread body (the handler
   * answered without needing it) is skipped as far as it has arrived, and the answer says
   * {@code Connection: close}: Jetty 12 may end the connection after this answer, and no client
   * may send its next request on it.
   */
  static void skipUnreadBody(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared == 0 || bodyFinished(ctx)) {
      return;
    }
    if (ctx.statusCode() == 413 && declared > 0 && declared <= DRAIN_LIMIT) {
      try {
        java.io.InputStream body = ctx.req().getInputStream();
        byte[] buffer = new byte[8192];
        while (body.read(buffer) != -1) {
          // dropped: the handler refused it
        }
      } catch (IOException | RuntimeException stalledOrClosed) {
        // The deadline or the client ended it; the connection ends after the answer.
      }
    }
    if (!bodyFinished(ctx)) {
      ctx.header("Connection", "close");
      ServletContextRequest.getServletContextRequest(ctx.req()).consumeAvailable();
    }
  }

  private static boolean bodyFinished(Context ctx) {
    try {
      return ctx.req().getInputStream().isFinished();
    } catch (IOException | IllegalStateException readThroughAReader) {
      return false;
    }
  }

  /**
   * The problem to answer when reading a request failed through the client's doing: Jetty's
   * blocking read reports an idle timeout (a 408) or a connection closed mid-body (a 400) as an
   * IOException from its request input. Empty for any other failure, the database's I/O errors
   * included.
   */
  public static Optional<ApiProblem> readFailure(Throwable failure) {
    boolean fromInput = false;
    boolean timedOut = false;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      fromInput |= cause instanceof EofException || cause instanceof IOException io && thrownByRequestInput(io);
      timedOut |= cause instanceof TimeoutException;
    }
    if (!fromInput) {
      return Optional.empty();
    }
    return Optional.of(timedOut
        ? ApiProblem.of(408, "request-timeout", "Request body too slow", "The request body stalled; send it again.")
        : ApiProblem.of(400, "incomplete-body", "Request body incomplete",
            "The request ended before its body did; send it again."));
  }

  private static boolean thrownByRequestInput(IOException e) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith("org.eclipse.jetty.ee10.servlet.HttpInput")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Jetty reuses a connection's channel and its body input for the connection's next request: the
   * channel still holding this request tells that its body is the one still being read.
   */
  private static void cutIfStillReading(ServletContextRequest request) {
    try {
      ServletChannel channel = request.getServletChannel();
      if (channel.getServletContextRequest() == request && !request.getHttpInput().isFinished()) {
        request.getConnectionMetaData().getConnection().getEndPoint().close();
      }
    } catch (RuntimeException e) {
      LOG.warn("could not end a request past its body deadline", e);
    }
  }

  private void sweep() {
    try {
      long now = System.nanoTime();
      Set<EndPoint> open = new HashSet<>();
      for (Connector connector : server.getConnectors()) {
        if (connector instanceof AbstractConnector jetty) {
          for (EndPoint endPoint : jetty.getConnectedEndPoints()) {
            open.add(endPoint);
            checkHeaders(endPoint, now);
          }
        }
      }
      partSince.keySet().retainAll(open);
    } catch (RuntimeException e) {
      // Keep sweeping: one odd connection must not end the deadline for all.
      LOG.warn("header deadline sweep failed", e);
    }
  }

  private void checkHeaders(EndPoint endPoint, long now) {
    Connection plain = endPoint.getConnection() instanceof SslConnection tls
        ? tls.getSslEndPoint().getConnection() : endPoint.getConnection();
    if (!(plain instanceof HttpConnection connection)) {
      return;
    }
    HttpParser parser = connection.getParser();
    if (!parser.inHeaderState() || parser.isStart()) {
      partSince.remove(endPoint);
      return;
    }
    long since = partSince.computeIfAbsent(endPoint, e -> now);
    if (now - since > limits.headerDeadline().toNanos()) {
      partSince.remove(endPoint);
      endPoint.close();
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
