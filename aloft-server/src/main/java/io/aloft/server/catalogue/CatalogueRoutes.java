package io.aloft.server.catalogue;

import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.CatalogueItem;
import io.aloft.protocol.message.DisplayText;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.airline.Airlines;
import io.aloft.server.audit.AuditLog;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Json;
import io.aloft.server.http.Principal;
import io.aloft.server.http.RequestIds;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.aloft.server.http.Views.MoneyView;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET} and {@code PUT /v1/airlines/{airlineId}/catalogue}: what the airline's crews sell.
 * A PUT replaces the whole catalogue. Every refusal is {@code 400 invalid-request} whose
 * {@code field} member names the field, such as {@code items[3].nameZh}.
 */
public final class CatalogueRoutes {
  private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");

  private final Catalogues catalogues;
  private final Airlines airlines;
  private final Authenticator authenticator;
  private final AuditLog audit;

  public CatalogueRoutes(Catalogues catalogues, Airlines airlines, Authenticator authenticator, AuditLog audit) {
    this.catalogues = catalogues;
    this.airlines = airlines;
    this.authenticator = authenticator;
    this.audit = audit;
  }

  public void register(Routes routes) {
    routes.get("/v1/airlines/{airlineId}/catalogue", this::get);
    routes.put("/v1/airlines/{airlineId}/catalogue", this::put);
  }

  /** The body of a PUT: every item of the catalogue. */
  public record CatalogueBody(List<ItemBody> items) {}

  public record ItemBody(String sku, String category, String nameEn, String nameZh, PriceBody unitPrice) {}

  public record PriceBody(Long amountMinor, String currency) {}

  record ItemView(String sku, String category, String nameEn, String nameZh, MoneyView unitPrice) {
    static ItemView of(CatalogueItem item) {
      return new ItemView(item.sku(), item.category(), item.nameEn(), item.nameZh(), MoneyView.of(item.unitPrice()));
    }
  }

  /** @param updatedAt when the catalogue was last replaced; null when the airline never set one */
  record CatalogueView(long airlineId, String updatedAt, List<ItemView> items) {
    static CatalogueView of(Catalogues.Current current) {
      return new CatalogueView(current.airlineId(), current.updatedAt().map(Instant::toString).orElse(null),
          current.catalogue().items().stream().map(ItemView::of).toList());
    }
  }

  /** The operator, the airline, and its terminals (which also get it signed in their bundles). */
  private void get(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long airlineId = Requests.pathId(ctx, "airlineId");
    Authenticator.requireAdminOrAirlineDevice(principal, airlineId);
    requireAirline(airlineId);
    ctx.json(CatalogueView.of(catalogues.current(airlineId)));
  }

  /** The operator or the airline's merchant key. Idempotent: the same catalogue again changes nothing. */
  private void put(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long airlineId = Requests.pathId(ctx, "airlineId");
    Authenticator.requireAdminOrAirline(principal, airlineId);
    requireAirline(airlineId);
    Catalogues.Replaced replaced = replace(principal.name(), airlineId,
        Json.read(ctx.bodyAsBytes(), CatalogueBody.class), RequestIds.of(ctx));
    ctx.json(CatalogueView.of(replaced.current()));
  }

  /**
   * Checks {@code body} and makes it the airline's catalogue, recording a change in the audit log
   * as {@code actor}: what a PUT does, and what the console's edit form does. The same catalogue
   * again changes nothing and records nothing. A bad field is an {@code invalid-request} problem
   * whose {@code field} member names it.
   */
  public Catalogues.Replaced replace(String actor, long airlineId, CatalogueBody body, String requestId) {
    Catalogue catalogue = catalogue(body);
    Catalogues.Replaced replaced = catalogues.replace(airlineId, catalogue);
    if (replaced.changed()) {
      audit.record(actor, "catalogue.replaced", "airline:" + airlineId,
          replaced.itemsBefore() + " items replaced by " + catalogue.items().size(), requestId);
    }
    return replaced;
  }

  public Catalogues.Current current(long airlineId) {
    return catalogues.current(airlineId);
  }

  private void requireAirline(long airlineId) {
    if (airlines.find(airlineId).isEmpty()) {
      throw ApiProblem.notFound("No airline has id " + airlineId + ".");
    }
  }

  /** The body as a catalogue; each bad field is refused by name. */
  static Catalogue catalogue(CatalogueBody body) {
    if (body == null || body.items() == null) {
      throw invalid("items", "Field 'items' is required: a list of 0 to " + Catalogue.MAX_ITEMS + " items.");
    }
    if (body.items().size() > Catalogue.MAX_ITEMS) {
      throw invalid("items", "Field 'items' may list at most " + Catalogue.MAX_ITEMS + " items, got "
          + body.items().size() + ".");
    }
    List<CatalogueItem> items = new ArrayList<>();
    Map<String, Integer> skus = new HashMap<>();
    for (int i = 0; i < body.items().size(); i++) {
      CatalogueItem item = item(body.items().get(i), "items[" + i + "]");
      Integer earlier = skus.putIfAbsent(item.sku(), i);
      if (earlier != null) {
        throw invalid("items[" + i + "].sku", "Field 'items[" + i + "].sku' repeats '" + item.sku()
            + "' of items[" + earlier + "]; each sku appears once.");
      }
      items.add(item);
    }
    return new Catalogue(items);
  }

  private static CatalogueItem item(ItemBody body, String field) {
    if (body == null) {
      throw invalid(field, "Field '" + field + "' must be an item, not null.");
    }
    String sku = required(body.sku(), field + ".sku");
    if (!SKU.matcher(sku).matches()) {
      throw invalid(field + ".sku", "Field '" + field + ".sku' must be 1 to " + CatalogueItem.MAX_SKU_BYTES
          + " of A-Z a-z 0-9 . _ -, starting with a letter or digit; got '" + Requests.abbreviate(sku) + "'.");
    }
    String category = required(body.category(), field + ".category");
    if (!Catalogue.CATEGORIES.contains(category)) {
      throw invalid(field + ".category", "Field '" + field + ".category' must be one of "
          + String.join(", ", Catalogue.CATEGORIES) + "; got '" + Requests.abbreviate(category) + "'.");
    }
    String nameEn = name(body.nameEn(), field + ".nameEn");
    String nameZh = name(body.nameZh(), field + ".nameZh");
    Money price = price(body.unitPrice(), field + ".unitPrice");
    return new CatalogueItem(sku, category, nameEn, nameZh, price.amountMinor(), price.currency());
  }

  private static String name(String value, String field) {
    String name = required(value, field).strip();
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (name.isEmpty() || bytes > CatalogueItem.MAX_NAME_BYTES) {
      throw invalid(field, "Field '" + field + "' must be 1 to " + CatalogueItem.MAX_NAME_BYTES
          + " bytes of UTF-8 (a Chinese character takes 3), got " + bytes + ".");
    }
    if (name.codePoints().anyMatch(c -> DisplayText.misleads(c) || c >= 0xD800 && c <= 0xDFFF)) {
      throw invalid(field, "Field '" + field + "' must not contain control, bidirectional-override or unpaired"
          + " surrogate characters.");
    }
    return name;
  }

  private static Money price(PriceBody body, String field) {
    if (body == null) {
      throw invalid(field, "Field '" + field + "' is required: {\"amountMinor\": …, \"currency\": …}.");
    }
    Long amount = required(body.amountMinor(), field + ".amountMinor");
    if (amount < 1 || amount > CatalogueItem.MAX_UNIT_PRICE_MINOR) {
      throw invalid(field + ".amountMinor", "Field '" + field + ".amountMinor' must be 1 to "
          + CatalogueItem.MAX_UNIT_PRICE_MINOR + " minor units, got " + amount + ".");
    }
    String code = required(body.currency(), field + ".currency");
    CurrencyUnit currency = CurrencyUnit.find(code).orElseThrow(() ->
        invalid(field + ".currency", "Field '" + field + ".currency' must be an ISO 4217 currency code such as"
            + " CNY; got '" + Requests.abbreviate(code) + "'."));
    return Money.of(amount, currency);
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw invalid(field, "Field '" + field + "' is required.");
    }
    return value;
  }

  private static ApiProblem invalid(String field, String detail) {
    return ApiProblem.invalidRequest(detail).with("field", field);
  }
}
