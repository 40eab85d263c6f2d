package io.aloft.server.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.aloft.server.audit.AuditLog;
import io.aloft.server.db.Database;
import io.aloft.server.http.HttpApi;
import io.aloft.server.http.RequestIds;
import io.aloft.server.http.Routes;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The frame every console page group is built on: sessions, the language, rendering, error pages,
 * and the three ways a page is reached: {@link #page signed in}, {@link #operatorPage operator
 * only}, and {@link #action form posts} (signed in, CSRF token checked). Page groups
 * ({@link ConsoleRoutes} and its siblings) register their paths through it, so that no page can
 * skip the session or the CSRF check.
 */
public final class Console {
  private static final Logger LOG = LoggerFactory.getLogger(Console.class);
  static final String SESSION_COOKIE = "aloft_console";
  static final String LANGUAGE_COOKIE = "aloft_lang";
  static final int PAGE_SIZE = 25;

  private final ConsoleSessions sessions;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);

  public Console(Database database, AuditLog audit, Clock clock, SecureRandom random) {
    this.sessions = new ConsoleSessions(database, clock, random);
    this.audit = audit;
    this.clock = clock;
    this.random = random;
  }

  /** A page handler for a signed-in visit. */
  @FunctionalInterface
  interface PageHandler {
    void handle(Context ctx, Visit visit) throws Exception;
  }

  ConsoleSessions sessions() {
    return sessions;
  }

  AuditLog audit() {
    return audit;
  }

  Clock clock() {
    return clock;
  }

  /** A GET page for anyone signed in. */
  void page(Routes routes, String path, PageHandler handler) {
    routes.page(HandlerType.GET, path, ctx -> signedIn(ctx, handler));
  }

  /** A GET page for the operator only; an airline gets a 403 page. */
  void operatorPage(Routes routes, String path, PageHandler handler) {
    routes.page(HandlerType.GET, path, ctx -> signedIn(ctx, operatorOnly(handler)));
  }

  /** A form post: signed in, and the session's CSRF token in the {@code csrf} field, or a 403 page. */
  void action(Routes routes, String path, PageHandler handler) {
    routes.page(HandlerType.POST, path, ctx -> signedIn(ctx, (c, visit) -> {
      if (!csrfValid(c, visit.session())) {
        problem(c, visit, 403, "error.csrf.heading", "error.csrf.message");
        return;
      }
      handler.handle(c, visit);
    }));
  }

  /** A form post for the operator only. */
  void operatorAction(Routes routes, String path, PageHandler handler) {
    action(routes, path, operatorOnly(handler));
  }

  private PageHandler operatorOnly(PageHandler handler) {
    return (ctx, visit) -> {
      if (!visit.operator()) {
        problem(ctx, visit, 403, "error.forbidden.heading", "error.forbidden.operator");
        return;
      }
      handler.handle(ctx, visit);
    };
  }

  void signedIn(Context ctx, PageHandler handler) throws Exception {
    Language language = language(ctx);
    Optional<ConsoleSessions.Session> session = sessions.find(ctx.cookie(SESSION_COOKIE));
    if (session.isEmpty()) {
      ctx.redirect("/console/login");
      return;
    }
    Visit visit = new Visit(session.get(), language, requestId(ctx));
    try {
      handler.handle(ctx, visit);
    } catch (RuntimeException e) {
      LOG.error("console page {} failed (request {})", ctx.path(), visit.requestId(), e);
      problem(ctx, visit, 500, "error.internal.heading", "error.internal.message");
    }
  }

  /** The language asked for in {@code ?lang=} (remembered in a cookie), else the cookie, else the browser's. */
  static Language language(Context ctx) {
    Optional<Language> asked = Language.ofTag(String.valueOf(ctx.queryParam("lang")));
    if (asked.isPresent()) {
      ctx.cookie(new Cookie(LANGUAGE_COOKIE, asked.get().tag(), "/", (int) Duration.ofDays(365).toSeconds(),
          ctx.scheme().equals("https"), true, null, SameSite.STRICT));
      return asked.get();
    }
    return Language.ofTag(String.valueOf(ctx.cookie(LANGUAGE_COOKIE)))
        .orElseGet(() -> Language.fromAcceptLanguage(ctx.header("Accept-Language")));
  }

  static String requestId(Context ctx) {
    return RequestIds.of(ctx);
  }

  static boolean csrfValid(Context ctx, ConsoleSessions.Session session) {
    String sent = ctx.formParam("csrf");
    return sent != null && constantTimeEquals(session.csrfToken(), sent);
  }

  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  void problem(Context ctx, Visit visit, int status, String headingKey, String messageKey) {
    ctx.status(status);
    render(ctx, "console/problem.jte", visit.page(headingKey, "", ctx.path()),
        new Models.Problem(status, headingKey, messageKey));
  }

  void render(Context ctx, String template, Page page, Object model) {
    StringOutput output = new StringOutput();
    templates.render(template, Map.of("page", page, "model", model), output);
    ctx.contentType("text/html; charset=utf-8").result(output.toString());
    HttpApi.keepAnswer(ctx);
  }

  /** A decimal id from a path or query parameter; empty for anything else. */
  static Optional<Long> longParam(String text) {
    if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(text));
  }

  String randomHex(int bytes) {
    byte[] value = new byte[bytes];
    random.nextBytes(value);
    return HexFormat.of().formatHex(value);
  }
}
