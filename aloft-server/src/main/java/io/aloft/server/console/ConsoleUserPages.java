package io.aloft.server.console;

import io.aloft.server.airline.Airline;
import io.aloft.server.airline.Airlines;
import io.aloft.server.audit.AuditLog;
import io.aloft.server.db.Database;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Routes;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Console users: the operator creates them for an airline (a username and a password it sets or
 * that is generated and shown once) and disables them; they sign in on the login page with the
 * username and password, under the same limit on refused attempts per address as keys, and then
 * act as their airline, named in the audit log as {@code airline:7/user:alice}.
 */
public final class ConsoleUserPages {
  private final Console console;
  private final ConsoleUsers users;
  private final Authenticator authenticator;
  private final Airlines airlines;
  private final AuditLog audit;

  public ConsoleUserPages(Console console, Database database, Authenticator authenticator, Airlines airlines,
      Clock clock, SecureRandom random) {
    this.console = console;
    this.users = new ConsoleUsers(database, clock, random);
    this.authenticator = authenticator;
    this.airlines = airlines;
    this.audit = console.audit();
  }

  /** A user as the list shows it, with its airline's name. */
  public record UserRow(long id, String username, String airline, Instant createdAt, String createdBy,
      Optional<Instant> disabledAt) {}

  /** The create form as typed, the field errors (field name to message key) and its one-time token. */
  public record UserForm(String airline, String username, Map<String, String> errors, String formToken) {
    public Optional<String> error(String field) {
      return Optional.ofNullable(errors.get(field));
    }
  }

  /** The users page: the list, the airlines to choose from, the form, and the user just disabled. */
  public record UserList(List<UserRow> users, List<Airline> airlines, UserForm form, Optional<String> disabled) {
    public boolean selected(Airline candidate) {
      return form.airline().equals(Long.toString(candidate.id()));
    }
  }

  /**
   * After creating: the user, and its generated password when this is the one time it is shown;
   * {@code repeated} when the form had been submitted before.
   */
  public record Created(UserRow user, Optional<String> password, boolean repeated) {}

  /** The confirmation page of disabling a user. */
  public record DisableConfirm(UserRow user) {}

  /** The password page: the field errors (field name to message key), and whether the password was just changed. */
  public record PasswordForm(Map<String, String> errors, boolean changed) {
    public Optional<String> error(String field) {
      return Optional.ofNullable(errors.get(field));
    }
  }

  public void register(Routes routes) {
    routes.page(HandlerType.POST, "/console/login/password", this::login);
    console.operatorPage(routes, "/console/users", (ctx, visit) -> renderList(ctx, visit, emptyForm(), 200));
    console.operatorAction(routes, "/console/users", this::create);
    console.operatorPage(routes, "/console/users/{userId}/disable", this::confirmDisable);
    console.operatorAction(routes, "/console/users/{userId}/disable", this::disable);
    console.page(routes, "/console/password", (ctx, visit) -> renderPassword(ctx, visit,
        new PasswordForm(Map.of(), false), 200));
    console.action(routes, "/console/password", this::changePassword);
  }

  // Signing in.

  private void login(Context ctx) {
    Language language = Console.language(ctx);
    String expected = ctx.cookie(ConsoleRoutes.LOGIN_COOKIE);
    String sent = ctx.formParam("login_token");
    if (expected == null || sent == null || !Console.constantTimeEquals(expected, sent)) {
      ConsoleRoutes.renderLogin(console, ctx, language, Optional.of("login.error.expired"), 400);
      return;
    }
    // Usernames are stored in lower case; a capital typed at sign-in still finds the user.
    String username = Optional.ofNullable(ctx.formParam("username")).orElse("").strip()
        .toLowerCase(java.util.Locale.ROOT);
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    if (username.isEmpty() || password.isEmpty()) {
      ConsoleRoutes.renderLogin(console, ctx, language, Optional.of("users.login.error.empty"), 400);
      return;
    }
    Optional<ConsoleUsers.User> user;
    try {
      user = authenticator.limitedAttempt(ctx.ip(), () -> users.verify(username, password));
    } catch (ApiProblem tooMany) {
      ctx.header("Retry-After", String.valueOf(tooMany.retryAfterSeconds().orElse(60L)));
      ConsoleRoutes.renderLogin(console, ctx, language, Optional.of("users.login.error.tooMany"), 429);
      return;
    }
    if (user.isEmpty()) {
      audit.record("unknown", "console.login.refused", "console",
          "a username and password that do not match an enabled console user", Console.requestId(ctx));
      ConsoleRoutes.renderLogin(console, ctx, language, Optional.of("users.login.error.unknown"), 401);
      return;
    }
    ConsoleRoutes.signedIn(ctx, console.sessions().open(user.get()));
    audit.record("airline:" + user.get().airlineId() + "/user:" + user.get().username(), "console.login", "console",
        "signed in with a username and password", Console.requestId(ctx));
    ctx.redirect("/console");
  }

  // The list and creating.

  private UserForm emptyForm() {
    return new UserForm("", "", Map.of(), console.randomHex(16));
  }

  private void renderList(Context ctx, Visit visit, UserForm form, int status) {
    ctx.status(status);
    console.render(ctx, "console/users.jte", visit.page("users.title", "users", "/console/users"),
        new UserList(rows(users.list(Optional.empty())), airlines.list(), form,
            Optional.ofNullable(ctx.queryParam("disabled")).filter(name -> name.length() <= 32)));
  }

  private List<UserRow> rows(List<ConsoleUsers.User> shown) {
    Map<Long, String> names = shown.stream().map(ConsoleUsers.User::airlineId).distinct()
        .collect(Collectors.toMap(Function.identity(), id -> airlines.find(id).map(a -> a.code() + " · " + a.name())
            .orElse("")));
    return shown.stream().map(user -> new UserRow(user.id(), user.username(), names.get(user.airlineId()),
        user.createdAt(), user.createdBy(), user.disabledAt())).toList();
  }

  private void create(Context ctx, Visit visit) {
    String airlineText = bounded(ctx.formParam("airline"), 19);
    String username = bounded(ctx.formParam("username"), ConsoleUsers.MAX_USERNAME_LENGTH + 1)
        .toLowerCase(java.util.Locale.ROOT);
    String password = Optional.ofNullable(ctx.formParam("password")).orElse("");
    String formToken = bounded(ctx.formParam("form_token"), 64);
    Map<String, String> errors = new java.util.LinkedHashMap<>();
    Optional<Airline> airline = Console.longParam(airlineText).flatMap(airlines::find);
    if (airline.isEmpty()) {
      errors.put("airline", "users.error.airline");
    }
    if (!ConsoleUsers.USERNAME.matcher(username).matches()) {
      errors.put("username", "users.error.username");
    }
    if (!password.isEmpty() && (password.length() < ConsoleUsers.MIN_PASSWORD_LENGTH
        || password.length() > PasswordHashes.MAX_PASSWORD_LENGTH)) {
      errors.put("password", "users.error.password");
    }
    if (formToken.length() < 16) {
      errors.put("form", "users.error.form");
    }
    if (!errors.isEmpty()) {
      renderList(ctx, visit, new UserForm(airlineText, username, errors, console.randomHex(16)), 400);
      return;
    }
    ConsoleUsers.Creation creation = users.create(airline.get().id(), username,
        password.isEmpty() ? Optional.empty() : Optional.of(password), visit.actor(), formToken);
    if (creation instanceof ConsoleUsers.Creation.Created created) {
      audit.record(visit.actor(), "console-user.create", "console-user:" + created.user().username(),
          "created console user " + created.user().username() + " for airline " + created.user().airlineId()
              + (password.isEmpty() ? " with a generated password" : " with a password the operator set"),
          visit.requestId());
      renderCreated(ctx, visit, new Created(rows(List.of(created.user())).get(0),
          password.isEmpty() ? Optional.of(created.password()) : Optional.empty(), false));
    } else if (creation instanceof ConsoleUsers.Creation.AlreadyCreated already) {
      renderCreated(ctx, visit, new Created(rows(List.of(already.user())).get(0), Optional.empty(), true));
    } else {
      String field = creation instanceof ConsoleUsers.Creation.TooMany ? "airline" : "username";
      String message = creation instanceof ConsoleUsers.Creation.TooMany ? "users.error.tooMany" : "users.error.taken";
      renderList(ctx, visit, new UserForm(airlineText, username, Map.of(field, message), console.randomHex(16)), 409);
    }
  }

  private void renderCreated(Context ctx, Visit visit, Created model) {
    console.render(ctx, "console/user-created.jte", visit.page("users.created.title", "users", "/console/users"),
        model);
  }

  // Disabling.

  private void confirmDisable(Context ctx, Visit visit) {
    Optional<ConsoleUsers.User> user = Console.longParam(ctx.pathParam("userId")).flatMap(users::find);
    if (user.isEmpty()) {
      console.problem(ctx, visit, 404, "error.notFound.heading", "users.error.notFound");
      return;
    }
    console.render(ctx, "console/user-disable.jte", visit.page("users.disable.title", "users", ctx.path()),
        new DisableConfirm(rows(List.of(user.get())).get(0)));
  }

  private void disable(Context ctx, Visit visit) {
    Optional<Long> id = Console.longParam(ctx.pathParam("userId"));
    Optional<ConsoleUsers.User> before = id.flatMap(users::find);
    if (before.isEmpty()) {
      console.problem(ctx, visit, 404, "error.notFound.heading", "users.error.notFound");
      return;
    }
    ConsoleUsers.User user = users.disable(id.get()).orElseThrow();
    if (!before.get().disabled()) {
      audit.record(visit.actor(), "console-user.disable", "console-user:" + user.username(),
          "disabled console user " + user.username() + " of airline " + user.airlineId() + " and ended its sessions",
          visit.requestId());
    }
    ctx.redirect("/console/users?disabled=" + user.username());
  }

  // A console user's own password.

  private void renderPassword(Context ctx, Visit visit, PasswordForm form, int status) {
    if (visit.session().username().isEmpty()) {
      console.problem(ctx, visit, 404, "error.notFound.heading", "users.password.keyOnly");
      return;
    }
    ctx.status(status);
    console.render(ctx, "console/password.jte", visit.page("users.password.title", "", "/console/password"), form);
  }

  /**
   * Changes the signed-in user's password: the current one must be typed (under the same limit on
   * refused attempts per address as signing in), the new one twice; the user's other sessions end.
   */
  private void changePassword(Context ctx, Visit visit) {
    Optional<String> username = visit.session().username();
    if (username.isEmpty()) {
      renderPassword(ctx, visit, new PasswordForm(Map.of(), false), 404);
      return;
    }
    String current = Optional.ofNullable(ctx.formParam("current")).orElse("");
    String next = Optional.ofNullable(ctx.formParam("new")).orElse("");
    String again = Optional.ofNullable(ctx.formParam("again")).orElse("");
    Map<String, String> errors = new java.util.LinkedHashMap<>();
    if (current.isEmpty()) {
      errors.put("current", "users.password.error.current");
    }
    if (next.length() < ConsoleUsers.MIN_PASSWORD_LENGTH || next.length() > PasswordHashes.MAX_PASSWORD_LENGTH) {
      errors.put("new", "users.password.error.length");
    } else if (!next.equals(again)) {
      errors.put("again", "users.password.error.again");
    }
    if (!errors.isEmpty()) {
      renderPassword(ctx, visit, new PasswordForm(errors, false), 400);
      return;
    }
    ConsoleUsers.PasswordChange change;
    try {
      change = authenticator.limitedAttempt(ctx.ip(), () -> {
        ConsoleUsers.PasswordChange outcome = users.changePassword(username.get(), current, next,
            ctx.cookie(Console.SESSION_COOKIE));
        return outcome == ConsoleUsers.PasswordChange.CHANGED ? Optional.of(outcome) : Optional.empty();
      }).orElse(ConsoleUsers.PasswordChange.WRONG_PASSWORD);
    } catch (ApiProblem tooMany) {
      ctx.header("Retry-After", String.valueOf(tooMany.retryAfterSeconds().orElse(60L)));
      renderPassword(ctx, visit, new PasswordForm(Map.of("current", "users.login.error.tooMany"), false), 429);
      return;
    }
    if (change == ConsoleUsers.PasswordChange.WRONG_PASSWORD) {
      renderPassword(ctx, visit, new PasswordForm(Map.of("current", "users.password.error.wrong"), false), 400);
      return;
    }
    audit.record(visit.actor(), "console-user.password", "console-user:" + username.get(),
        "changed its own password and ended its other sessions", visit.requestId());
    renderPassword(ctx, visit, new PasswordForm(Map.of(), true), 200);
  }

  private static String bounded(String value, int maxLength) {
    String text = value == null ? "" : value.strip();
    return text.length() > maxLength ? text.substring(0, maxLength) : text;
  }
}
