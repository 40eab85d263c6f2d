package io.aloft.server.http;

import io.aloft.protocol.client.IssuerClock;
import io.aloft.server.db.Database;
import io.javalin.Javalin;
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
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin application: limits, JSON, problem details for every failure, request metrics, and
 * the public endpoints (health, metrics, OpenAPI). Features add their routes through {@link Routes}.
 */
public final class HttpApi {
  private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);
  /** Two cores: more threads than this only queue on the database pool anyway. */
  private static final int MAX_THREADS = 32;
  private static final int MIN_THREADS = 4;
  private static final int IDLE_TIMEOUT_MS = 30_000;
  public static final String OPENAPI_PATH = "/v1/openapi.json";

  private HttpApi() {}

  /**
   * Every answer carries a {@code Date} header from {@code clock}, the clock the server's rules
   * use: wallets and terminals correct their own clocks against it (see
   * {@link io.aloft.protocol.client.IssuerClock}).
   */
  public static Javalin create(long maxRequestBytes, PrometheusMeterRegistry metrics, Clock clock) {
    Javalin app = Javalin.create(config -> {
      config.showJavalinBanner = false;
      config.http.maxRequestSize = maxRequestBytes;
      config.http.prefer405over404 = true;
      config.router.ignoreTrailingSlashes = true;
      config.jsonMapper(new JavalinJackson(Json.mapper(), false));
      config.jetty.threadPool = new QueuedThreadPool(MAX_THREADS, MIN_THREADS, IDLE_TIMEOUT_MS);
      config.requestLogger.http((ctx, executionTimeMs) -> record(metrics, ctx, executionTimeMs));
      config.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems()));
    });
    app.before(ctx -> ctx.header("Date", IssuerClock.httpDate(clock.instant())));
    app.exception(ApiProblem.class, (problem, ctx) -> problem(ctx, problem));
    app.exception(HttpResponseException.class, (e, ctx) -> problem(ctx, fromJavalin(e.getStatus(), e.getMessage())));
    app.exception(Exception.class, (e, ctx) -> {
      LOG.error("unexpected failure in {} {}", ctx.method(), ctx.path(), e);
      problem(ctx, ApiProblem.of(500, "internal-error", "Internal error",
          "The server failed unexpectedly; the failure has been logged."));
    });
    // Javalin answers unmatched paths and methods itself; give those a problem body too.
    app.error(404, ctx -> replaceEmpty(ctx, ApiProblem.notFound("No endpoint at " + Requests.abbreviate(ctx.path()) + ".")));
    app.error(405, ctx -> replaceEmpty(ctx, ApiProblem.of(405, "method-not-allowed", "Method not allowed",
        "This endpoint does not accept " + ctx.method() + ".")));
    return app;
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
  private static String routeOf(Context ctx) {
    try {
      String route = ctx.endpointHandlerPath();
      return route == null || route.isEmpty() ? "unmatched" : route;
    } catch (IllegalStateException noEndpoint) {
      return "unmatched";
    }
  }

  private static ApiProblem fromJavalin(int status, String message) {
    return switch (status) {
      case 413 -> ApiProblem.of(413, "payload-too-large", "Request body too large", message);
      case 400 -> ApiProblem.invalidRequest(message);
      case 404 -> ApiProblem.notFound(message);
      case 405 -> ApiProblem.of(405, "method-not-allowed", "Method not allowed", message);
      default -> ApiProblem.of(status, "http-" + status, "HTTP " + status, message);
    };
  }

  /** Error handlers run after exception handlers; keep a problem already written. */
  private static void replaceEmpty(Context ctx, ApiProblem problem) {
    if (ctx.attribute(PROBLEM_WRITTEN) == null) {
      problem(ctx, problem);
    }
  }

  private static final String PROBLEM_WRITTEN = "aloft.problem-written";

  public static void problem(Context ctx, ApiProblem problem) {
    ctx.attribute(PROBLEM_WRITTEN, Boolean.TRUE);
    ctx.status(problem.status())
        .contentType("application/problem+json")
        .result(Json.write(problem.body(ctx.path())));
  }

  /** Health, metrics and the OpenAPI document: public, no authentication. */
  public static void registerPublic(Routes routes, Database database, PrometheusMeterRegistry metrics) {
    byte[] openApi = resource("/openapi.json");
    routes.get("/health", ctx -> health(ctx, database));
    routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
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
