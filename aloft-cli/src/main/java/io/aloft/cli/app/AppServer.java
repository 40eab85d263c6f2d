package io.aloft.cli.app;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.aloft.server.console.Language;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local web server behind the crew and passenger apps: one device folder, one person, one
 * browser. It listens on loopback unless told otherwise, and answers only under
 * {@code /app/<secret>/}, where the secret is 128 random bits made at launch and compared in
 * constant time; any other path is 404. So another page in the same browser, or another user of
 * the machine, cannot drive the device without first reading the URL printed on start.
 *
 * <p>Pages are rendered on the server (jte templates compiled at build time); forms are POST; the
 * Content-Security-Policy allows no inline script or style, only this server's files and the
 * camera's stream.
 *
 * <p>Known limits: plain HTTP (loopback needs no TLS, but {@code --listen} on another interface
 * sends the secret in clear); one app per process.
 */
public final class AppServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AppServer.class);
  static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:;"
      + " media-src 'self' blob: mediastream:; connect-src 'self'; form-action 'self'; frame-ancestors 'none';"
      + " base-uri 'none'";
  static final String LANGUAGE_COOKIE = "aloft_app_lang";
  /** Forms carry a code (a few hundred bytes), a passphrase or an amount: nothing near this. */
  static final long MAX_REQUEST_BYTES = 64 * 1024;
  private static final int SECRET_BYTES = 16;
  /** A file under {@code app/static/}, at most three folders deep (the vendored libraries). */
  private static final Pattern STATIC_NAME =
      Pattern.compile("([a-z0-9][a-z0-9_-]{0,31}/){0,3}[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\.(js|css|svg|png)");
  private static final Map<String, String> CONTENT_TYPES = Map.of("js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png");

  private Javalin javalin;
  /** Javalin's routes while the server is configured, when the app adds its screens; null after. */
  private RoutesConfig routes;
  private final String host;
  private final String secret;
  private final String base;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private AutoCloseable device = () -> { };

  /** A page handler: the request, and the frame (language, links) its template gets. */
  @FunctionalInterface
  public interface Screen {
    void handle(Context ctx, AppPage.Frame frame) throws Exception;
  }

  private AppServer(String host, String secret) {
    this.host = host;
    this.secret = secret;
    this.base = "/app/" + secret + "/";
  }

  /**
   * Starts a server on {@code listen} (port 0: any free port) with a fresh secret; {@code app}
   * adds its screens with {@link #get} and {@link #post}.
   */
  public static AppServer start(InetSocketAddress listen, SecureRandom random, java.util.function.Consumer<AppServer> app) {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    String secret = HexFormat.of().formatHex(bytes);
    AppServer server = new AppServer(listen.getHostString(), secret);
    server.javalin = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.http.maxRequestSize = MAX_REQUEST_BYTES;
      config.router.ignoreTrailingSlashes = true;
      config.jetty.modifyHttpConfiguration(http -> http.setSendServerVersion(false));
      config.routes.before(AppServer::headers);
      config.routes.get("/app/{secret}/static/<name>", ctx -> {
        server.requireSecret(ctx);
        server.staticFile(ctx);
      });
      config.routes.error(404, ctx -> ctx.contentType("text/plain; charset=utf-8").result("Not found"));
      config.routes.exception(NotFound.class, (e, ctx) -> ctx.status(404).contentType("text/plain; charset=utf-8")
          .result("Not found"));
      server.routes = config.routes;
      try {
        app.accept(server);
      } finally {
        server.routes = null;
      }
    });
    server.javalin.start(listen.getHostString(), listen.getPort());
    return server;
  }

  /** Thrown for a wrong secret or an unknown object: the same plain 404 either way. */
  static final class NotFound extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NotFound() {
      super(null, null, false, false);
    }
  }

  /** Adds a screen; only while {@link #start} configures the server. */
  public void get(String path, Screen screen) {
    route(HandlerType.GET, path, screen);
  }

  public void post(String path, Screen screen) {
    route(HandlerType.POST, path, screen);
  }

  private void route(HandlerType method, String path, Screen screen) {
    if (routes == null) {
      throw new IllegalStateException("screens are added while the server starts");
    }
    routes.addHttpHandler(method, "/app/{secret}/" + path, ctx -> {
      requireSecret(ctx);
      AppPage.Frame frame = new AppPage.Frame(language(ctx), base, ctx.path());
      try {
        screen.handle(ctx, frame);
      } catch (NotFound | io.javalin.http.HttpResponseException answered) {
        // A wrong secret or unknown object (404), a body over the limit (413): answered as they are.
        throw answered;
      } catch (Exception e) {
        LOG.error("app screen {} failed", path, e);
        ctx.status(500);
        render(ctx, "app/problem.jte", frame.page("problem.title", ""), frame.text("problem.internal"));
      }
    });
  }

  private void requireSecret(Context ctx) {
    String given = ctx.pathParam("secret");
    if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
      throw new NotFound();
    }
  }

  private static void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
    ctx.header("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
  }

  /** The language asked for in {@code ?lang=} (remembered in a cookie), else the cookie, else the browser's. */
  private Language language(Context ctx) {
    Optional<Language> asked = Language.ofTag(String.valueOf(ctx.queryParam("lang")));
    if (asked.isPresent()) {
      ctx.cookie(new Cookie(LANGUAGE_COOKIE, asked.get().tag(), base, (int) Duration.ofDays(365).toSeconds(), false,
          true, null, SameSite.STRICT));
      return asked.get();
    }
    return Language.ofTag(String.valueOf(ctx.cookie(LANGUAGE_COOKIE)))
        .orElseGet(() -> Language.fromAcceptLanguage(ctx.header("Accept-Language")));
  }

  private void staticFile(Context ctx) {
    String name = ctx.pathParam("name");
    if (!STATIC_NAME.matcher(name).matches() || name.contains("..")) {
      throw new NotFound();
    }
    byte[] body = resource("/app/static/" + name).orElseThrow(NotFound::new);
    ctx.header("Cache-Control", "max-age=3600");
    ctx.contentType(CONTENT_TYPES.get(name.substring(name.lastIndexOf('.') + 1))).result(body);
  }

  /** Whether the jar carries {@code /app/static/NAME}: pages link the camera scripts only when it does. */
  static boolean hasStatic(String name) {
    return AppServer.class.getResource("/app/static/" + name) != null;
  }

  private static Optional<byte[]> resource(String path) {
    try (InputStream in = AppServer.class.getResourceAsStream(path)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Renders {@code template} with the page frame and the screen's model. */
  public void render(Context ctx, String template, AppPage page, Object model) {
    StringOutput out = new StringOutput();
    templates.render(template, Map.of("page", page, "model", model), out);
    ctx.contentType("text/html; charset=utf-8").result(out.toString());
  }

  /** Sends the browser to another screen of this app (after a POST). */
  public void redirect(Context ctx, String path) {
    ctx.redirect(base + path, io.javalin.http.HttpStatus.SEE_OTHER);
  }

  /** Where the app is: {@code http://HOST:PORT/app/<secret>/}. */
  public String url() {
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + javalin.port() + base;
  }

  /** Whether the server listens on a loopback address only. */
  public boolean loopback() {
    return new InetSocketAddress(host, 0).getAddress().isLoopbackAddress();
  }

  public int port() {
    return javalin.port();
  }

  /** What {@link #close} closes after the server stops: the device folder's journal or store. */
  public void closing(AutoCloseable device) {
    this.device = device;
  }

  /** Stops serving, then closes the device. */
  @Override
  public void close() {
    javalin.stop();
    try {
      device.close();
    } catch (Exception e) {
      LOG.warn("closing the device folder failed", e);
    }
  }
}
