package io.aloft.server.http;

import io.aloft.protocol.client.IssuerClock;
import io.aloft.server.db.Database;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BiFunction;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.BlockingArrayQueue;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin application: limits, JSON, problem details for every failure, request metrics and
 * the access log ({@link AccessLog}), and the operations endpoints (health, metrics, OpenAPI).
 * Features add their routes through {@link Routes}.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  private static final int MIN_THREADS = 4;
  /** How long a spare request thread lives. */
  private static final int THREAD_IDLE_TIMEOUT_MS = 30_000;
  public static final String OPENAPI_PATH = "/v1/openapi.json";

  private HttpApi() {}

  /**
   * Every answer carries a {@code Date} header from {@code clock}, the clock the server's rules
   * use: wallets and terminals correct their own clocks against it (see
   * {@link io.aloft.protocol.client.IssuerClock}). {@code connector}, if given (the HTTPS one),
   * replaces Javalin's plain HTTP connector. The features' {@code routes} are registered after this
   * class's own filters, so every request has its id and deadline before a feature sees it.
   */
  public static Javalin create(long maxRequestBytes, PrometheusMeterRegistry metrics, HttpLimits limits,
      ReadDeadlines deadlines, Clock clock,
      Optional<BiFunction<Server, HttpConfiguration, Connector>> connector, Routes routes) {
    return Javalin.create(config -> {
      connector.ifPresent(config.jetty::addConnector);
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = maxRequestBytes;
      config.http.prefer405over404 = true;
      config.router.ignoreTrailingSlashes = true;
      config.jsonMapper(new JavalinJackson(Json.mapper(), false));
      // Bounded both ways: past the threads and the queue, Jetty refuses work instead of piling it up.
      config.jetty.threadPool = new QueuedThreadPool(limits.maxThreads(), MIN_THREADS, THREAD_IDLE_TIMEOUT_MS,
          new BlockingArrayQueue<>(limits.maxQueuedRequests()));
      config.jetty.modifyHttpConfiguration(http -> {
        // A blocking read of a body gives up after this long without a byte; ReadDeadlines bounds
        // the whole body. (Jetty's own minimum data rate also fails small bodies read a moment late.)
        http.setIdleTimeout(limits.idleTimeout().toMillis());
        http.setSendServerVersion(false);
      });
      config.requestLogger.http((ctx, executionTimeMs) -> {
        record(metrics, ctx, executionTimeMs);
        AccessLog.write(ctx, routeOf(ctx), executionTimeMs);
      });
      config.jetty.modifyServer(server -> {
        server.setErrorHandler(new JettyProblems());
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), server));
      });
      config.routes.before(RequestIds::assign);
      config.routes.before(ctx -> ctx.header("Date", IssuerClock.httpDate(clock.instant())));
      config.routes.before(deadlines::watchBody);
      config.routes.after(deadlines::release);
      problems(config.routes);
      routes.registerOn(config.routes);
      config.routes.after(ReadDeadlines::skipUnreadBody);
    });
  }

  private static void problems(RoutesConfig routes) {
    routes.exception(ApiProblem.class, (problem, ctx) -> problem(ctx, problem));
    routes.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, fromJavalin(e.getStatus())));
    routes.exception(Exception.class, (e, ctx) -> {
      java.util.Optional<ApiProblem> unread = ReadDeadlines.readFailure(e);
      if (unread.isPresent()) {
        // The client stalled past a deadline or went away mid-body: its doing, not a bug to log.
        problem(ctx, unread.get());
        return;
      }
      LOG.error("unexpected failure in {} {} (request {})", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
      problem(ctx, ApiProblem.of(500, "internal-error", "Internal error",
          "The server failed unexpectedly; the failure has been logged."));
    });
    // Javalin answers unmatched paths and methods itself; give those a problem body too.
    routes.error(404, ctx -> replaceEmpty(ctx, ApiProblem.notFound("No endpoint at " + Requests.abbreviate(ctx.path()) + ".")));
    routes.error(405, ctx -> replaceEmpty(ctx, ApiProblem.of(405, "method-not-allowed", "Method not allowed",
        "This endpoint does not accept " + ctx.method() + ".")));
  }

  /** Once the server listens: the connections' idle timeout, and the deadlines for headers and bodies. */
  public static void startDeadlines(Javalin app, HttpLimits limits, ReadDeadlines deadlines) {
    Server server = app.jettyServer().server();
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof AbstractConnector jetty) {
        jetty.setIdleTimeout(limits.idleTimeout().toMillis());
      }
    }
    deadlines.start(server);
  }

  private static void record(PrometheusMeterRegistry metrics, Context ctx, float executionTimeMs) {
    Timer.builder("aloft.http.requests")
        .tag("method", ctx.method().name())
        .tag("route", routeOf(ctx))
        .tag("status", Integer.toString(ctx.statusCode()))
        .register(metrics)
        .record(Duration.ofNanos((long) (executionTimeMs * 1_000_000)));
  }

  /** The route template, so that metrics do not grow a series per id; "unmatched" for 404s and 405s. */
  static String routeOf(Context ctx) {
    return Routes.template(ctx).orElse("unmatched");
  }

  /** Javalin's own refusals, in this API's words: its messages are its own and say nothing useful. */
  static ApiProblem fromJavalin(int status) {
    return switch (status) {
      case 413 -> ApiProblem.of(413, "payload-too-large", "Request body too large",
          "The request body is larger than this endpoint accepts.");
      case 400 -> ApiProblem.invalidRequest("The request could not be read.");
      case 404 -> ApiProblem.notFound("No such resource.");
      case 405 -> ApiProblem.of(405, "method-not-allowed", "Method not allowed", "This endpoint does not accept this method.");
      default -> status >= 500
          ? ApiProblem.of(500, "internal-error", "Internal error", "The server failed unexpectedly; the failure has been logged.")
          : ApiProblem.of(status, "http-" + status, "The request was refused", "The request was refused.");
    };
  }

  /** Error handlers run after exception handlers; keep a problem already written. */
  private static void replaceEmpty(Context ctx, ApiProblem problem) {
    if (ctx.attribute(PROBLEM_WRITTEN) == null) {
      problem(ctx, problem);
    }
  }

  private static final String PROBLEM_WRITTEN = "aloft.problem-written";

  /**
   * Marks the answer as the handler's own, so that the 404 and 405 fallbacks keep it: a console
   * page that says in words that a case or a page does not exist.
   */
  public static void keepAnswer(Context ctx) {
    ctx.attribute(PROBLEM_WRITTEN, Boolean.TRUE);
  }

  public static void problem(Context ctx, ApiProblem problem) {
    ctx.attribute(PROBLEM_WRITTEN, Boolean.TRUE);
    problem.retryAfterSeconds().ifPresent(seconds -> ctx.header("Retry-After", Long.toString(seconds)));
    ctx.status(problem.status())
        .contentType("application/problem+json")
        .result(Json.write(problem.body(ctx.path())));
  }

  /**
   * Health and the OpenAPI document, public; metrics, for the operator only (they show traffic by
   * endpoint and status, the pool and the JVM: a map for an attacker).
   */
  public static void registerOperations(Routes routes, Database database, PrometheusMeterRegistry metrics,
      Authenticator authenticator) {
    byte[] openApi = resource("/openapi.json");
    routes.get("/health", ctx -> health(ctx, database));
    routes.get("/metrics", ctx -> {
      Authenticator.requireAdmin(authenticator.require(ctx));
      ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    });
    routes.get(OPENAPI_PATH, ctx -> ctx.contentType("application/json").result(openApi));
  }

  record Health(String status, String database) {}

  private static void health(Context ctx, Database database) {
    try {
      database.inTransaction(connection -> {
        try (PreparedStatement ping = connection.prepareStatement("SELECT 1")) {
          ping.executeQuery().close();
        }
        return null;
      });
      ctx.json(new Health("ok", "ok"));
    } catch (RuntimeException e) {
      LOG.warn("health check: database unreachable", e);
      ctx.status(503).json(new Health("unavailable", "unreachable"));
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in = HttpApi.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
