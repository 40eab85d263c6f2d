package io.aloft.server.console;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.aloft.server.airline.Airline;
import io.aloft.server.airline.Airlines;
import io.aloft.server.airline.Flight;
import io.aloft.server.audit.AuditLog;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Routes;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.report.SettlementReports;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console at {@code /console}: server-rendered pages (jte, compiled at build time)
 * over the same services as the JSON API, so the numbers shown are the API's numbers.
 *
 * <p>Security: a session cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} under
 * TLS, eight hours), a CSRF token in every form, a Content-Security-Policy without inline script
 * or style, and scoping: an airline sees only its own flights and cases; the operator sees all.
 */
public final class ConsoleRoutes {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoutes.class);
  static final String SESSION_COOKIE = "aloft_console";
  static final String LOGIN_COOKIE = "aloft_login";
  static final String LANGUAGE_COOKIE = "aloft_lang";
  private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
      + " frame-ancestors 'none'; base-uri 'none'";
  static final int PAGE_SIZE = 25;
  static final int CHART_DAYS = 14;

  private final Authenticator authenticator;
  private final ConsoleSessions sessions;
  private final Airlines airlines;
  private final SettlementReports reports;
  private final Ledger ledger;
  private final AuditLog audit;
  private final Clock clock;
  private final SecureRandom random;
  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final byte[] stylesheet = resource("/console/static/console.css");
  private final byte[] icon = resource("/console/static/favicon.svg");

  public ConsoleRoutes(Authenticator authenticator, io.aloft.server.db.Database database, Airlines airlines,
      SettlementReports reports, Ledger ledger, AuditLog audit, Clock clock, SecureRandom random) {
    this.authenticator = authenticator;
    this.sessions = new ConsoleSessions(database, clock, random);
    this.airlines = airlines;
    this.reports = reports;
    this.ledger = ledger;
    this.audit = audit;
    this.clock = clock;
    this.random = random;
  }

  public void register(Routes routes) {
    routes.before("/console*", this::headers);
    routes.page(HandlerType.GET, "/", ctx -> ctx.redirect("/console"));
    routes.page(HandlerType.GET, "/console/static/console.css", ctx -> ctx.contentType("text/css; charset=utf-8")
        .header("Cache-Control", "max-age=3600").result(stylesheet));
    routes.page(HandlerType.GET, "/console/static/favicon.svg", ctx -> ctx.contentType("image/svg+xml")
        .header("Cache-Control", "max-age=3600").result(icon));
    routes.page(HandlerType.GET, "/console/login", this::loginPage);
    routes.page(HandlerType.POST, "/console/login", this::login);
    routes.page(HandlerType.POST, "/console/logout", this::logout);
    routes.page(HandlerType.GET, "/console", ctx -> signedIn(ctx, this::overview));
    routes.page(HandlerType.GET, "/console/flights", ctx -> signedIn(ctx, this::flights));
    routes.page(HandlerType.GET, "/console/flights/{flightId}", ctx -> signedIn(ctx, this::flight));
    routes.page(HandlerType.GET, "/console/flights/{flightId}/report.csv", ctx -> signedIn(ctx, this::flightCsv));
    routes.page(HandlerType.GET, "/console/cases", ctx -> signedIn(ctx, this::cases));
    routes.page(HandlerType.GET, "/console/audit", ctx -> signedIn(ctx, this::auditLog));
  }

  /** A signed-in request: the session and the page frame every template gets. */
  private record Visit(ConsoleSessions.Session session, Language language, String requestId) {
    Principal principal() {
      return session.principal();
    }

    /** The airline the viewer is limited to; empty for the operator. */
    Optional<Long> scope() {
      return principal() instanceof Principal.Merchant merchant ? Optional.of(merchant.airlineId()) : Optional.empty();
    }

    Page page(String titleKey, String section, String path) {
      return new Page(language, language.text(titleKey), section, Optional.of(principal()), session.csrfToken(),
          requestId, path);
    }
  }

  @FunctionalInterface
  private interface PageHandler {
    void handle(Context ctx, Visit visit) throws Exception;
  }

  private void headers(Context ctx) {
    String requestId = HexFormat.of().formatHex(randomBytes(8));
    ctx.attribute("requestId", requestId);
    ctx.header("Request-Id", requestId);
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
  }

  private void signedIn(Context ctx, PageHandler handler) throws Exception {
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
  private static Language language(Context ctx) {
    Optional<Language> asked = Language.ofTag(String.valueOf(ctx.queryParam("lang")));
    if (asked.isPresent()) {
      ctx.cookie(new Cookie(LANGUAGE_COOKIE, asked.get().tag(), "/", (int) Duration.ofDays(365).toSeconds(),
          ctx.scheme().equals("https"), 0, true, null, null, SameSite.STRICT));
      return asked.get();
    }
    return Language.ofTag(String.valueOf(ctx.cookie(LANGUAGE_COOKIE)))
        .orElseGet(() -> Language.fromAcceptLanguage(ctx.header("Accept-Language")));
  }

  private static String requestId(Context ctx) {
    Object id = ctx.attribute("requestId");
    return id == null ? "-" : id.toString();
  }

  // Login and logout.

  private void loginPage(Context ctx) {
    if (sessions.find(ctx.cookie(SESSION_COOKIE)).isPresent()) {
      ctx.redirect("/console");
      return;
    }
    renderLogin(ctx, language(ctx), Optional.empty(), 200);
  }

  private void renderLogin(Context ctx, Language language, Optional<String> errorKey, int status) {
    String loginToken = HexFormat.of().formatHex(randomBytes(16));
    ctx.cookie(new Cookie(LOGIN_COOKIE, loginToken, "/console/login", 600, ctx.scheme().equals("https"), 0, true,
        null, null, SameSite.STRICT));
    Page page = new Page(language, language.text("login.title"), "login", Optional.empty(), "", requestId(ctx),
        "/console/login");
    ctx.status(status);
    render(ctx, "console/login.jte", page, new Models.Login(errorKey, loginToken));
  }

  private void login(Context ctx) {
    Language language = language(ctx);
    String expected = ctx.cookie(LOGIN_COOKIE);
    String sent = ctx.formParam("login_token");
    if (expected == null || sent == null || !constantTimeEquals(expected, sent)) {
      renderLogin(ctx, language, Optional.of("login.error.expired"), 400);
      return;
    }
    String key = Optional.ofNullable(ctx.formParam("key")).orElse("").strip();
    if (key.isEmpty()) {
      renderLogin(ctx, language, Optional.of("login.error.empty"), 400);
      return;
    }
    Optional<Principal> principal;
    try {
      principal = authenticator.identify(key, ctx.ip());
    } catch (ApiProblem tooMany) {
      ctx.header("Retry-After", String.valueOf(tooMany.retryAfterSeconds().orElse(60L)));
      renderLogin(ctx, language, Optional.of("login.error.tooMany"), 429);
      return;
    }
    if (principal.isEmpty() || principal.get() instanceof Principal.Wallet) {
      audit.record("unknown", "console.login.refused", "console", "a key that is not an operator or airline key",
          requestId(ctx));
      renderLogin(ctx, language, Optional.of("login.error.unknown"), 401);
      return;
    }
    String token = sessions.open(principal.get());
    ctx.cookie(new Cookie(SESSION_COOKIE, token, "/", (int) ConsoleSessions.LIFETIME.toSeconds(),
        ctx.scheme().equals("https"), 0, true, null, null, SameSite.STRICT));
    ctx.removeCookie(LOGIN_COOKIE, "/console/login");
    audit.record(principal.get().name(), "console.login", "console", "signed in", requestId(ctx));
    ctx.redirect("/console");
  }

  private void logout(Context ctx) {
    String token = ctx.cookie(SESSION_COOKIE);
    Optional<ConsoleSessions.Session> session = sessions.find(token);
    if (session.isEmpty()) {
      ctx.redirect("/console/login");
      return;
    }
    Visit visit = new Visit(session.get(), language(ctx), requestId(ctx));
    if (!csrfValid(ctx, session.get())) {
      problem(ctx, visit, 403, "error.csrf.heading", "error.csrf.message");
      return;
    }
    sessions.end(token);
    ctx.removeCookie(SESSION_COOKIE, "/");
    audit.record(session.get().principal().name(), "console.logout", "console", "signed out", requestId(ctx));
    ctx.redirect("/console/login");
  }

  private static boolean csrfValid(Context ctx, ConsoleSessions.Session session) {
    String sent = ctx.formParam("csrf");
    return sent != null && constantTimeEquals(session.csrfToken(), sent);
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  // Pages.

  private void overview(Context ctx, Visit visit) {
    Instant now = clock.instant();
    Airlines.FlightPage page = airlines.flightsPage(new Airlines.FlightFilter(visit.scope(), Optional.empty(),
        Optional.empty()), Optional.empty(), 200);
    List<Flight> flights = page.flights();
    List<Models.FlightLine> upcoming = new ArrayList<>();
    List<Models.FlightLine> recent = new ArrayList<>();
    for (Flight flight : flights) {
      Models.FlightLine line = line(flight, page.airlines());
      if (flight.scheduledDeparture().isAfter(now)) {
        upcoming.add(line);
      } else if (recent.size() < 8) {
        recent.add(line);
      }
    }
    upcoming.sort(Comparator.comparing(line -> line.flight().scheduledDeparture()));
    Optional<Boolean> balanced = visit.scope().isEmpty() ? Optional.of(ledger.check().balanced()) : Optional.empty();
    List<SettlementReports.Totals> totals = reports.totals(visit.scope());
    Models.Overview model = new Models.Overview(upcoming.subList(0, Math.min(8, upcoming.size())), recent,
        charts(visit, now), reports.outcomeCounts(visit.scope()), balanced,
        reports.landedWithoutTerminalUploads(visit.scope(), now), totals);
    render(ctx, "console/overview.jte", visit.page("overview.title", "overview", ctx.path()), model);
  }

  /** One chart per currency: money settled per UTC day over the last {@link #CHART_DAYS} days. */
  private List<BarChart> charts(Visit visit, Instant now) {
    LocalDate today = LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
    LocalDate first = today.minusDays(CHART_DAYS - 1L);
    List<SettlementReports.DaySales> days = reports.settledPerDay(visit.scope(),
        first.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
        today.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    List<String> currencies = days.stream().map(SettlementReports.DaySales::currency).distinct().sorted().limit(4).toList();
    List<BarChart> charts = new ArrayList<>();
    for (String currency : currencies) {
      List<BarChart.Point> points = new ArrayList<>();
      for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
        LocalDate at = day;
        long minor = days.stream().filter(d -> d.day().equals(at) && d.currency().equals(currency))
            .mapToLong(SettlementReports.DaySales::salesMinor).sum();
        points.add(new BarChart.Point(day.getDayOfMonth() + "", minor,
            Formats.date(day, visit.language()) + ": " + Formats.money(minor, currency, visit.language())));
      }
      charts.add(BarChart.of(visit.language().text("overview.chart.title", CHART_DAYS, currency), currency, points));
    }
    return charts;
  }

  private void flights(Context ctx, Visit visit) {
    String code = Optional.ofNullable(ctx.queryParam("code")).orElse("").strip();
    String date = Optional.ofNullable(ctx.queryParam("date")).orElse("").strip();
    Optional<String> error = Optional.empty();
    Optional<LocalDate> day = Optional.empty();
    if (!date.isEmpty()) {
      try {
        day = Optional.of(LocalDate.parse(date));
      } catch (DateTimeParseException e) {
        error = Optional.of("flights.error.date");
      }
    }
    if (code.length() > 16) {
      code = code.substring(0, 16);
    }
    Optional<Long> after = longParam(ctx.queryParam("starting_after"));
    Airlines.FlightPage page = airlines.flightsPage(new Airlines.FlightFilter(visit.scope(),
        code.isEmpty() ? Optional.empty() : Optional.of(code), day), after, PAGE_SIZE);
    List<Models.FlightLine> lines = page.flights().stream().map(flight -> line(flight, page.airlines())).toList();
    Optional<Long> next = page.hasMore() ? Optional.of(lines.get(lines.size() - 1).flight().id()) : Optional.empty();
    render(ctx, "console/flights.jte", visit.page("flights.title", "flights", ctx.path()),
        new Models.Flights(lines, code, date, next, error));
  }

  private void flight(Context ctx, Visit visit) {
    Optional<Flight> flight = visibleFlight(ctx, visit);
    if (flight.isEmpty()) {
      return;
    }
    Airline airline = airlines.find(flight.get().airlineId()).orElseThrow();
    long id = flight.get().id();
    Models.FlightLine line = new Models.FlightLine(flight.get(), flight.get().flightCode(airline), airline.name());
    Models.FlightView model = new Models.FlightView(line, airline, timeline(flight.get()),
        reports.flight(id, airline.id()), reports.salesByTerminal(id), reports.salesByItem(id));
    Page page = visit.page("flight.title", "flights", ctx.path());
    render(ctx, "console/flight.jte", new Page(page.language(), line.code() + " · " + page.title(), "flights",
        page.principal(), page.csrfToken(), page.requestId(), page.path()), model);
  }

  private List<Models.TimelineStep> timeline(Flight flight) {
    List<Models.TimelineStep> steps = new ArrayList<>();
    reports.enrolments(flight.id()).ifPresent(enrolments -> {
      steps.add(new Models.TimelineStep(enrolments.first(), "flight.timeline.firstEnrolment", List.of()));
      if (enrolments.count() > 1) {
        steps.add(new Models.TimelineStep(enrolments.last(), "flight.timeline.lastEnrolment",
            List.of(enrolments.count())));
      }
    });
    steps.add(new Models.TimelineStep(flight.scheduledDeparture(), "flight.timeline.departure", List.of()));
    steps.add(new Models.TimelineStep(flight.scheduledArrival(), "flight.timeline.arrival", List.of()));
    for (SettlementReports.Upload upload : reports.uploads(flight.id())) {
      steps.add(new Models.TimelineStep(upload.settledAt(), upload.source().equals("terminal")
          ? "flight.timeline.terminalUpload" : "flight.timeline.walletUpload",
          List.of(upload.terminalId(), upload.payments())));
    }
    steps.sort(Comparator.comparing(Models.TimelineStep::at));
    return steps;
  }

  private void flightCsv(Context ctx, Visit visit) {
    Optional<Flight> flight = visibleFlight(ctx, visit);
    if (flight.isEmpty()) {
      return;
    }
    SettlementReports.FlightReport report = reports.flight(flight.get().id(), flight.get().airlineId());
    ctx.contentType("text/csv; charset=utf-8");
    ctx.header("Content-Disposition", "attachment; filename=\"flight-" + flight.get().id() + "-report.csv\"");
    ctx.result(FlightCsv.of(report));
  }

  /**
   * The flight in the path if this viewer may see it; otherwise renders the refusal and returns
   * empty. An airline gets the same 403 for another airline's flight and for one that does not
   * exist, so that flight ids reveal nothing.
   */
  private Optional<Flight> visibleFlight(Context ctx, Visit visit) {
    Optional<Long> id = longParam(ctx.pathParam("flightId"));
    Optional<Flight> flight = id.flatMap(airlines::findFlight);
    boolean visible = flight.isPresent()
        && visit.scope().map(airline -> airline == flight.get().airlineId()).orElse(true);
    if (visible) {
      return flight;
    }
    if (visit.scope().isPresent()) {
      problem(ctx, visit, 403, "error.forbidden.heading", "error.forbidden.flight");
    } else {
      problem(ctx, visit, 404, "error.notFound.heading", "error.notFound.flight");
    }
    return Optional.empty();
  }

  private void cases(Context ctx, Visit visit) {
    String kind = Optional.ofNullable(ctx.queryParam("kind")).orElse("");
    String status = Optional.ofNullable(ctx.queryParam("status")).orElse("open");
    List<SettlementReports.CaseRow> all = visit.scope().isPresent() ? reports.casesOfAirline(visit.scope().get())
        : reports.allCases();
    List<String> kinds = all.stream().map(SettlementReports.CaseRow::kind).distinct().sorted().toList();
    List<SettlementReports.CaseRow> shown = all.stream()
        .filter(row -> kind.isEmpty() || row.kind().equals(kind))
        .filter(row -> status.equals("all") || row.status().equals(status))
        .sorted(Comparator.comparingLong(SettlementReports.CaseRow::id).reversed())
        .limit(200).toList();
    render(ctx, "console/cases.jte", visit.page("cases.title", "cases", ctx.path()),
        new Models.Cases(shown, kind, status, kinds));
  }

  private void auditLog(Context ctx, Visit visit) {
    Optional<String> actor = visit.scope().map(airline -> new Principal.Merchant(airline).name());
    render(ctx, "console/audit.jte", visit.page("audit.title", "audit", ctx.path()),
        new Models.Audit(audit.newest(200, actor)));
  }

  // Rendering.

  private void problem(Context ctx, Visit visit, int status, String headingKey, String messageKey) {
    ctx.status(status);
    render(ctx, "console/problem.jte", visit.page(headingKey, "", ctx.path()),
        new Models.Problem(status, headingKey, messageKey));
  }

  private void render(Context ctx, String template, Page page, Object model) {
    StringOutput output = new StringOutput();
    templates.render(template, Map.of("page", page, "model", model), output);
    ctx.contentType("text/html; charset=utf-8").result(output.toString());
  }

  private static Models.FlightLine line(Flight flight, Map<Long, Airline> airlines) {
    Airline airline = airlines.get(flight.airlineId());
    return new Models.FlightLine(flight, airline == null ? flight.flightNumber() : flight.flightCode(airline),
        airline == null ? "" : airline.name());
  }

  private static Optional<Long> longParam(String text) {
    if (text == null || text.isEmpty() || text.length() > 18 || !text.chars().allMatch(Character::isDigit)) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(text));
  }

  private byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    random.nextBytes(bytes);
    return bytes;
  }

  private static byte[] resource(String name) {
    try (InputStream in = ConsoleRoutes.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("resource " + name + " missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
