package io.aloft.server.console;

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
import io.aloft.server.settlement.CaseRow;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator console at {@code /console}: server-rendered pages (jte, compiled at build time)
 * over the same services as the JSON API, so the numbers shown are the API's numbers.
 *
 * <p>Security: a session cookie ({@code HttpOnly}, {@code SameSite=Strict}, {@code Secure} under
 * TLS, eight hours), a CSRF token in every form, a Content-Security-Policy without inline script
 * or style, and scoping: an airline sees only its own flights and cases; the operator sees all.
 */
public final class ConsoleRoutes {
  static final String LOGIN_COOKIE = "aloft_login";
  private static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
      + " frame-ancestors 'none'; base-uri 'none'";
  static final int CHART_DAYS = 14;

  private final Console console;
  private final ConsoleSessions sessions;
  private final Authenticator authenticator;
  private final Airlines airlines;
  private final SettlementReports reports;
  private final Ledger ledger;
  private final AuditLog audit;
  private final Clock clock;
  private final byte[] stylesheet = resource("/console/static/console.css");
  private final byte[] icon = resource("/console/static/favicon.svg");

  public ConsoleRoutes(Console console, Authenticator authenticator, Airlines airlines, SettlementReports reports,
      Ledger ledger) {
    this.console = console;
    this.sessions = console.sessions();
    this.authenticator = authenticator;
    this.airlines = airlines;
    this.reports = reports;
    this.ledger = ledger;
    this.audit = console.audit();
    this.clock = console.clock();
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
    console.page(routes, "/console", this::overview);
    console.page(routes, "/console/flights", this::flights);
    console.page(routes, "/console/flights/{flightId}", this::flight);
    console.page(routes, "/console/flights/{flightId}/report.csv", this::flightCsv);
    console.page(routes, "/console/cases", this::cases);
    console.page(routes, "/console/audit", this::auditLog);
  }

  private void headers(Context ctx) {
    ctx.header("Content-Security-Policy", CSP);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Cache-Control", "no-store");
  }

  // Login and logout.

  private void loginPage(Context ctx) {
    if (sessions.find(ctx.cookie(Console.SESSION_COOKIE)).isPresent()) {
      ctx.redirect("/console");
      return;
    }
    renderLogin(console, ctx, Console.language(ctx), Optional.empty(), 200);
  }

  /** The login page (both ways to sign in), with a fresh one-time login token, and the error if any. */
  static void renderLogin(Console console, Context ctx, Language language, Optional<String> errorKey, int status) {
    String loginToken = console.randomHex(16);
    ctx.cookie(new Cookie(LOGIN_COOKIE, loginToken, "/console/login", 600, ctx.scheme().equals("https"), true,
        null, SameSite.STRICT));
    Page page = new Page(language, language.text("login.title"), "login", Optional.empty(), Optional.empty(), "",
        Console.requestId(ctx), "/console/login");
    ctx.status(status);
    console.render(ctx, "console/login.jte", page, new Models.Login(errorKey, loginToken));
  }

  private void login(Context ctx) {
    Language language = Console.language(ctx);
    String expected = ctx.cookie(LOGIN_COOKIE);
    String sent = ctx.formParam("login_token");
    if (expected == null || sent == null || !Console.constantTimeEquals(expected, sent)) {
      renderLogin(console, ctx, language, Optional.of("login.error.expired"), 400);
      return;
    }
    String key = Optional.ofNullable(ctx.formParam("key")).orElse("").strip();
    if (key.isEmpty()) {
      renderLogin(console, ctx, language, Optional.of("login.error.empty"), 400);
      return;
    }
    Optional<Principal> principal;
    try {
      principal = authenticator.identify(key, ctx.ip());
    } catch (ApiProblem tooMany) {
      ctx.header("Retry-After", String.valueOf(tooMany.retryAfterSeconds().orElse(60L)));
      renderLogin(console, ctx, language, Optional.of("login.error.tooMany"), 429);
      return;
    }
    if (principal.isEmpty() || principal.get() instanceof Principal.Wallet) {
      audit.record("unknown", "console.login.refused", "console", "a key that is not an operator or airline key",
          Console.requestId(ctx));
      renderLogin(console, ctx, language, Optional.of("login.error.unknown"), 401);
      return;
    }
    signedIn(ctx, sessions.open(principal.get()));
    audit.record(principal.get().name(), "console.login", "console", "signed in", Console.requestId(ctx));
    ctx.redirect("/console");
  }

  /** Hands the browser its new session's cookie and drops the login token's. */
  static void signedIn(Context ctx, String sessionToken) {
    ctx.cookie(new Cookie(Console.SESSION_COOKIE, sessionToken, "/", (int) ConsoleSessions.LIFETIME.toSeconds(),
        ctx.scheme().equals("https"), true, null, SameSite.STRICT));
    ctx.removeCookie(LOGIN_COOKIE, "/console/login");
  }

  private void logout(Context ctx) {
    String token = ctx.cookie(Console.SESSION_COOKIE);
    Optional<ConsoleSessions.Session> session = sessions.find(token);
    if (session.isEmpty()) {
      ctx.redirect("/console/login");
      return;
    }
    Visit visit = new Visit(session.get(), Console.language(ctx), Console.requestId(ctx));
    if (!Console.csrfValid(ctx, session.get())) {
      console.problem(ctx, visit, 403, "error.csrf.heading", "error.csrf.message");
      return;
    }
    sessions.end(token);
    ctx.removeCookie(Console.SESSION_COOKIE, "/");
    audit.record(session.get().principal().name(), "console.logout", "console", "signed out", Console.requestId(ctx));
    ctx.redirect("/console/login");
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
    console.render(ctx, "console/overview.jte", visit.page("overview.title", "overview", ctx.path()), model);
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
    Optional<Long> after = Console.longParam(ctx.queryParam("starting_after"));
    Airlines.FlightPage page = airlines.flightsPage(new Airlines.FlightFilter(visit.scope(),
        code.isEmpty() ? Optional.empty() : Optional.of(code), day), after, Console.PAGE_SIZE);
    List<Models.FlightLine> lines = page.flights().stream().map(flight -> line(flight, page.airlines())).toList();
    Optional<Long> next = page.hasMore() ? Optional.of(lines.get(lines.size() - 1).flight().id()) : Optional.empty();
    console.render(ctx, "console/flights.jte", visit.page("flights.title", "flights", ctx.path()),
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
    console.render(ctx, "console/flight.jte", page.titled(line.code() + " · " + page.title()), model);
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
    Optional<Long> id = Console.longParam(ctx.pathParam("flightId"));
    Optional<Flight> flight = id.flatMap(airlines::findFlight);
    boolean visible = flight.isPresent()
        && visit.scope().map(airline -> airline == flight.get().airlineId()).orElse(true);
    if (visible) {
      return flight;
    }
    if (visit.scope().isPresent()) {
      console.problem(ctx, visit, 403, "error.forbidden.heading", "error.forbidden.flight");
    } else {
      console.problem(ctx, visit, 404, "error.notFound.heading", "error.notFound.flight");
    }
    return Optional.empty();
  }

  private void cases(Context ctx, Visit visit) {
    String kind = Optional.ofNullable(ctx.queryParam("kind")).orElse("");
    String status = Optional.ofNullable(ctx.queryParam("status")).orElse("open");
    List<CaseRow> all = visit.scope().isPresent() ? reports.casesOfAirline(visit.scope().get())
        : reports.allCases();
    List<String> kinds = all.stream().map(CaseRow::kind).distinct().sorted().toList();
    List<CaseRow> shown = all.stream()
        .filter(row -> kind.isEmpty() || row.kind().equals(kind))
        .filter(row -> status.equals("all") || row.status().equals(status))
        .sorted(Comparator.comparingLong(CaseRow::id).reversed())
        .limit(200).toList();
    console.render(ctx, "console/cases.jte", visit.page("cases.title", "cases", ctx.path()),
        new Models.Cases(shown, kind, status, kinds));
  }

  private void auditLog(Context ctx, Visit visit) {
    Optional<String> actor = visit.scope().map(airline -> new Principal.Merchant(airline).name());
    console.render(ctx, "console/audit.jte", visit.page("audit.title", "audit", ctx.path()),
        new Models.Audit(audit.newest(200, actor)));
  }

  private static Models.FlightLine line(Flight flight, Map<Long, Airline> airlines) {
    Airline airline = airlines.get(flight.airlineId());
    return new Models.FlightLine(flight, airline == null ? flight.flightNumber() : flight.flightCode(airline),
        airline == null ? "" : airline.name());
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
