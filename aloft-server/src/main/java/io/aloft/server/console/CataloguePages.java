package io.aloft.server.console;

import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.airline.Airline;
import io.aloft.server.airline.Airlines;
import io.aloft.server.catalogue.CatalogueRoutes;
import io.aloft.server.catalogue.Catalogues;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Routes;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An airline's catalogue in the console: the items by category, and a form that edits them all at
 * once. Saving the form builds the body {@code PUT /v1/airlines/{id}/catalogue} takes and calls
 * {@link CatalogueRoutes#replace}, the method the PUT calls, so the form and the API check items
 * the same way and record the same audit row. The replacement is idempotent: a form sent twice
 * saves once, and the second time nothing changes. An airline sees and edits only its own
 * catalogue; the operator picks an airline.
 */
public final class CataloguePages {
  /** Blank rows the edit form offers for new items. */
  static final int BLANK_ROWS = 5;
  static final int MAX_ROWS = Catalogue.MAX_ITEMS + BLANK_ROWS;
  private static final int MAX_FIELD_CHARS = 200;
  private static final Pattern FIELD = Pattern.compile("items\\[(\\d+)\\]\\.(\\w+)(?:\\.(\\w+))?");

  private final Console console;
  private final CatalogueRoutes catalogues;
  private final Airlines airlines;

  public CataloguePages(Console console, CatalogueRoutes catalogues, Airlines airlines) {
    this.console = console;
    this.catalogues = catalogues;
    this.airlines = airlines;
  }

  /** The items of one category, in sku order. */
  public record Group(String category, List<CatalogueItem> items) {}

  /**
   * The catalogue page: the airline, the airlines the operator can pick, when it was last
   * replaced, the groups, and the notice after a save ({@code saved} or {@code unchanged}).
   */
  public record CatalogueView(Airline airline, List<Airline> choices, Optional<Instant> updatedAt, List<Group> groups,
      int itemCount, Optional<String> notice) {
    public boolean selected(Airline candidate) {
      return candidate.id() == airline.id();
    }

    /** The query that keeps the operator's airline on links; empty for an airline. */
    public String airlineQuery() {
      return choices.isEmpty() ? "" : "?airline=" + airline.id();
    }
  }

  /** One row of the edit form as typed, with the message key of each field's error. */
  public record Row(int index, String sku, String category, String nameEn, String nameZh, String price,
      String currency, boolean remove, Map<String, String> errors) {
    public Optional<String> error(String field) {
      return Optional.ofNullable(errors.get(field));
    }

    public String errorId(String field) {
      return errors.containsKey(field) ? "row-" + index + "-" + field + "-error" : null;
    }

    public String invalid(String field) {
      return errors.containsKey(field) ? "true" : null;
    }

    /** The row's number as people count, from 1. */
    public int number() {
      return index + 1;
    }
  }

  /** The edit form: the rows, the categories to choose from, and a form-wide error key. */
  public record EditView(Airline airline, boolean operator, List<Row> rows, List<String> categories,
      Optional<String> formError) {
    public boolean hasErrors() {
      return formError.isPresent() || rows.stream().anyMatch(row -> !row.errors().isEmpty());
    }

    public String cancelUrl() {
      return "/console/catalogue" + (operator ? "?airline=" + airline.id() : "");
    }
  }

  public void register(Routes routes) {
    console.page(routes, "/console/catalogue", this::show);
    console.page(routes, "/console/catalogue/edit", this::edit);
    console.action(routes, "/console/catalogue/edit", this::save);
  }

  private void show(Context ctx, Visit visit) {
    Optional<Airline> airline = airline(ctx, visit, ctx.queryParam("airline"));
    if (airline.isEmpty()) {
      return;
    }
    Catalogues.Current current = catalogues.current(airline.get().id());
    List<Group> groups = Catalogue.CATEGORIES.stream()
        .map(category -> new Group(category, current.catalogue().items().stream()
            .filter(item -> item.category().equals(category)).toList()))
        .filter(group -> !group.items().isEmpty()).toList();
    Optional<String> notice = Optional.ofNullable(ctx.queryParam("saved"))
        .filter(value -> value.equals("saved") || value.equals("unchanged"));
    console.render(ctx, "console/catalogue.jte", visit.page("catalogue.title", "catalogue", ctx.path()),
        new CatalogueView(airline.get(), visit.operator() ? airlines.list() : List.of(), current.updatedAt(), groups,
            current.catalogue().items().size(), notice));
  }

  private void edit(Context ctx, Visit visit) {
    Optional<Airline> airline = airline(ctx, visit, ctx.queryParam("airline"));
    if (airline.isEmpty()) {
      return;
    }
    List<Row> rows = new ArrayList<>();
    for (CatalogueItem item : catalogues.current(airline.get().id()).catalogue().items()) {
      rows.add(new Row(rows.size(), item.sku(), item.category(), item.nameEn(), item.nameZh(),
          item.unitPrice().toPlainString(), item.currency().code(), false, Map.of()));
    }
    addBlankRows(rows, airline.get());
    renderForm(ctx, visit, new EditView(airline.get(), visit.operator(), rows, Catalogue.CATEGORIES, Optional.empty()));
  }

  private void save(Context ctx, Visit visit) {
    if (visit.operator() && Console.longParam(ctx.formParam("airline")).isEmpty()) {
      // The operator's form always names its airline; one without it is not saved to the first.
      console.problem(ctx, visit, 400, "catalogue.error.heading", "catalogue.error.rows");
      return;
    }
    Optional<Airline> airline = airline(ctx, visit, ctx.formParam("airline"));
    if (airline.isEmpty()) {
      return;
    }
    Optional<Long> count = Console.longParam(ctx.formParam("rows")).filter(n -> n >= 1 && n <= MAX_ROWS);
    if (count.isEmpty()) {
      console.problem(ctx, visit, 400, "catalogue.error.heading", "catalogue.error.rows");
      return;
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < count.get(); i++) {
      rows.add(new Row(i, field(ctx, "sku", i), field(ctx, "category", i), field(ctx, "nameEn", i),
          field(ctx, "nameZh", i), field(ctx, "price", i), field(ctx, "currency", i).toUpperCase(Locale.ROOT),
          ctx.formParam("remove." + i) != null, new LinkedHashMap<>()));
    }
    // The items sent, and for each the row it came from; removed and blank rows send nothing.
    List<CatalogueRoutes.ItemBody> items = new ArrayList<>();
    List<Row> sent = new ArrayList<>();
    for (Row row : rows) {
      if (row.remove() || blank(row)) {
        continue;
      }
      Optional<Long> minor = priceMinor(row);
      items.add(new CatalogueRoutes.ItemBody(row.sku(), row.category(), row.nameEn(), row.nameZh(),
          new CatalogueRoutes.PriceBody(minor.orElse(null), row.currency())));
      sent.add(row);
    }
    if (rows.stream().anyMatch(row -> !row.errors().isEmpty())) {
      renderForm(ctx, visit, new EditView(airline.get(), visit.operator(), rows, Catalogue.CATEGORIES,
          Optional.empty()));
      return;
    }
    Catalogues.Replaced replaced;
    try {
      replaced = catalogues.replace(visit.actor(), airline.get().id(), new CatalogueRoutes.CatalogueBody(items),
          visit.requestId());
    } catch (ApiProblem problem) {
      Optional<String> formError = placeError(problem, sent);
      renderForm(ctx, visit, new EditView(airline.get(), visit.operator(), rows, Catalogue.CATEGORIES, formError));
      return;
    }
    ctx.redirect("/console/catalogue?saved=" + (replaced.changed() ? "saved" : "unchanged")
        + (visit.operator() ? "&airline=" + airline.get().id() : ""));
  }

  private void renderForm(Context ctx, Visit visit, EditView view) {
    if (view.hasErrors()) {
      ctx.status(400);
    }
    console.render(ctx, "console/catalogue-edit.jte", visit.page("catalogue.edit.title", "catalogue", ctx.path()),
        view);
  }

  private static void addBlankRows(List<Row> rows, Airline airline) {
    for (int i = 0; i < BLANK_ROWS && rows.size() < MAX_ROWS; i++) {
      rows.add(new Row(rows.size(), "", Catalogue.CATEGORIES.get(0), "", "", "", airline.currency().code(), false,
          Map.of()));
    }
  }

  private static String field(Context ctx, String name, int index) {
    String value = ctx.formParam(name + "." + index);
    if (value == null) {
      return "";
    }
    String stripped = value.strip();
    return stripped.length() > MAX_FIELD_CHARS ? stripped.substring(0, MAX_FIELD_CHARS) : stripped;
  }

  /** A row with nothing typed in it: a blank row the form offered (its category and currency are preset). */
  private static boolean blank(Row row) {
    return row.sku().isEmpty() && row.nameEn().isEmpty() && row.nameZh().isEmpty() && row.price().isEmpty();
  }

  /**
   * The row's price in minor units of its currency, read exactly from the decimal typed; empty,
   * with the row's error set, when it cannot be read. The amount's bounds are the service's check.
   */
  static Optional<Long> priceMinor(Row row) {
    Optional<CurrencyUnit> currency = CurrencyUnit.find(row.currency());
    if (currency.isEmpty()) {
      row.errors().put("currency", "catalogue.error.currency");
      return Optional.empty();
    }
    try {
      return Optional.of(Money.parse(row.price(), currency.get()).amountMinor());
    } catch (IllegalArgumentException e) {
      int dot = row.price().indexOf('.');
      boolean tooManyDecimals = row.price().matches("\\d{1,19}\\.\\d+")
          && row.price().length() - dot - 1 > currency.get().exponent();
      row.errors().put("price", tooManyDecimals
          ? (currency.get().exponent() == 0 ? "catalogue.error.noDecimals" : "catalogue.error.decimals")
          : "catalogue.error.price");
      return Optional.empty();
    }
  }

  /**
   * Puts the service's refusal next to the row and field it names ({@code items[3].unitPrice.amountMinor}
   * is the fourth item sent); a refusal of the whole list is returned as the form's error.
   */
  private static Optional<String> placeError(ApiProblem problem, List<Row> sent) {
    Object field = problem.body(null).get("field");
    Matcher matcher = FIELD.matcher(String.valueOf(field));
    if (!matcher.matches() || Integer.parseInt(matcher.group(1)) >= sent.size()) {
      return Optional.of(field != null && field.equals("items") ? "catalogue.error.tooMany" : "catalogue.error.other");
    }
    Row row = sent.get(Integer.parseInt(matcher.group(1)));
    String name = matcher.group(2);
    String key = switch (name) {
      case "sku" -> "sku";
      case "category" -> "category";
      case "nameEn" -> "nameEn";
      case "nameZh" -> "nameZh";
      case "unitPrice" -> "currency".equals(matcher.group(3)) ? "currency" : "price";
      default -> "sku";
    };
    row.errors().put(key, "catalogue.error." + key);
    return Optional.empty();
  }

  /**
   * The airline whose catalogue this visit shows: an airline's own (asking for another airline's
   * gets the same 403 as a missing one), or for the operator the one asked for, else the first.
   * Renders the refusal and returns empty otherwise.
   */
  private Optional<Airline> airline(Context ctx, Visit visit, String asked) {
    Optional<Long> askedId = Console.longParam(asked);
    if (visit.scope().isPresent()) {
      if (asked != null && !asked.isEmpty() && !askedId.equals(visit.scope())) {
        console.problem(ctx, visit, 403, "error.forbidden.heading", "catalogue.error.forbidden");
        return Optional.empty();
      }
      Optional<Airline> own = airlines.find(visit.scope().get());
      if (own.isEmpty()) {
        console.problem(ctx, visit, 403, "error.forbidden.heading", "catalogue.error.forbidden");
      }
      return own;
    }
    Optional<Airline> chosen = askedId.isPresent() ? airlines.find(askedId.get())
        : airlines.list().stream().findFirst();
    if (chosen.isEmpty()) {
      console.problem(ctx, visit, 404, "error.notFound.heading",
          askedId.isPresent() ? "catalogue.error.notFound" : "catalogue.error.noAirlines");
    }
    return chosen;
  }
}
