package io.aloft.server.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.Json;
import io.aloft.server.http.PageRequest.Page;
import io.aloft.server.http.PageRequest;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Reply;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.aloft.server.webhook.internal.WebhookUrls;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Webhook endpoints over HTTP. The caller owns what it registers: an airline's merchant key
 * registers its airline's endpoints, the admin key the operator's; each sees and changes only its
 * own. Lists page as every list does ({@link PageRequest}).
 */
public final class WebhookRoutes {
  /** Distinct event types one endpoint may name: every type there is. */
  static final int MAX_EVENTS = EventType.values().length;

  private final WebhookEndpoints endpoints;
  private final WebhookDeliveries deliveries;
  private final WebhookPolicy policy;
  private final Authenticator authenticator;
  private final Idempotency idempotency;

  public WebhookRoutes(WebhookEndpoints endpoints, WebhookDeliveries deliveries, WebhookPolicy policy,
      Authenticator authenticator, Idempotency idempotency) {
    this.endpoints = endpoints;
    this.deliveries = deliveries;
    this.policy = policy;
    this.authenticator = authenticator;
    this.idempotency = idempotency;
  }

  public void register(Routes routes) {
    routes.post("/v1/webhook-endpoints", this::create);
    routes.get("/v1/webhook-endpoints", this::list);
    routes.get("/v1/webhook-endpoints/{endpointId}", this::show);
    routes.post("/v1/webhook-endpoints/{endpointId}/disable", this::disable);
    routes.get("/v1/webhook-endpoints/{endpointId}/deliveries", this::log);
    routes.post("/v1/webhook-endpoints/{endpointId}/redeliver", this::redeliver);
    routes.get("/v1/webhook-events", this::events);
  }

  /** The caller as an owner of endpoints: its airline, or empty for the operator. */
  private Owner owner(Context ctx) {
    Principal principal = authenticator.require(ctx);
    if (principal instanceof Principal.Admin) {
      return new Owner(principal, Optional.empty());
    }
    if (principal instanceof Principal.Merchant merchant) {
      return new Owner(principal, Optional.of(merchant.airlineId()));
    }
    throw ApiProblem.forbidden("Only an airline's merchant key or the operator's key manages webhook endpoints.");
  }

  private record Owner(Principal principal, Optional<Long> airlineId) {}

  record CreateBody(String url, List<String> events, String description) {}

  record EndpointView(long id, Long airlineId, String url, List<String> events, String description, String status,
      String createdAt, String disabledAt) {
    static EndpointView of(WebhookEndpoints.Endpoint endpoint) {
      return new EndpointView(endpoint.id(), endpoint.airlineId().orElse(null), endpoint.url(),
          endpoint.events().stream().map(EventType::wireName).toList(), endpoint.description().orElse(null),
          endpoint.enabled() ? "enabled" : "disabled", endpoint.createdAt().toString(),
          endpoint.disabledAt().map(Object::toString).orElse(null));
    }
  }

  /** The endpoint and its signing secret, which no other answer shows. */
  record CreatedView(EndpointView endpoint, String signingSecret) {}

  private void create(Context ctx) {
    Owner owner = owner(ctx);
    CreateBody body = Json.read(ctx.bodyAsBytes(), CreateBody.class);
    WebhookEndpoints.Registration registration = registration(owner, body);
    idempotency.run(ctx, owner.principal(), () -> created(endpoints.create(registration)));
  }

  private WebhookEndpoints.Registration registration(Owner owner, CreateBody body) {
    String url = Requests.required(body.url(), "url");
    if (url.isEmpty() || url.length() > WebhookUrls.MAX_URL_LENGTH) {
      throw ApiProblem.of(400, "webhook-url-invalid", "The endpoint URL is not accepted",
          "Field 'url' must be 1 to " + WebhookUrls.MAX_URL_LENGTH + " characters.");
    }
    WebhookUrls.problem(url, owner.airlineId().isPresent(), policy.allowHttpLoopback()).ifPresent(problem -> {
      throw ApiProblem.of(400, "webhook-url-invalid", "The endpoint URL is not accepted", problem);
    });
    Set<EventType> events = events(Requests.required(body.events(), "events"), owner.airlineId().isPresent());
    Optional<String> description = body.description() == null ? Optional.empty()
        : Optional.of(Requests.text(body.description(), "description", WebhookEndpoints.MAX_DESCRIPTION));
    return new WebhookEndpoints.Registration(owner.airlineId(), url, events, description, owner.principal().name());
  }

  private static Set<EventType> events(List<String> names, boolean airline) {
    if (names.isEmpty() || names.size() > MAX_EVENTS) {
      throw ApiProblem.invalidRequest("Field 'events' must name 1 to " + MAX_EVENTS + " event types.");
    }
    Set<EventType> events = EnumSet.noneOf(EventType.class);
    for (String name : names) {
      EventType type = EventType.byWireName(name == null ? "" : name).orElseThrow(() -> ApiProblem.of(400,
          "webhook-event-unknown", "No such event type", "'" + Requests.abbreviate(String.valueOf(name))
              + "' is not an event type; the types are " + wireNames(false) + "."));
      if (airline && !type.airlinesReceive()) {
        throw ApiProblem.of(400, "webhook-event-not-available", "This event type is the operator's only",
            "An airline's endpoint may take " + wireNames(true) + "; " + type.wireName() + " is the operator's.");
      }
      if (!events.add(type)) {
        throw ApiProblem.invalidRequest("Field 'events' names " + type.wireName() + " twice.");
      }
    }
    return events;
  }

  private static List<String> wireNames(boolean airlinesOnly) {
    List<String> names = new ArrayList<>();
    for (EventType type : EventType.values()) {
      if (!airlinesOnly || type.airlinesReceive()) {
        names.add(type.wireName());
      }
    }
    return names;
  }

  private static Reply created(WebhookEndpoints.Created created) {
    if (created instanceof WebhookEndpoints.Created.Done done) {
      return Reply.created(new CreatedView(EndpointView.of(done.endpoint()), done.signingSecret()));
    }
    WebhookEndpoints.Created.OverLimit over = (WebhookEndpoints.Created.OverLimit) created;
    throw ApiProblem.of(409, "webhook-endpoint-limit", "Too many webhook endpoints",
        over.enabledOnes() ? "An owner may have at most " + over.limit() + " enabled endpoints; disable one first."
            : "An owner may register at most " + over.limit() + " endpoints in all.").with("limit", over.limit());
  }

  private void list(Context ctx) {
    Owner owner = owner(ctx);
    ctx.json(endpoints.list(owner.airlineId(), PageRequest.of(ctx)).map(EndpointView::of));
  }

  private void show(Context ctx) {
    Owner owner = owner(ctx);
    long id = Requests.pathId(ctx, "endpointId");
    ctx.json(EndpointView.of(endpoints.find(owner.airlineId(), id).orElseThrow(() -> noEndpoint(id))));
  }

  private static ApiProblem noEndpoint(long id) {
    return ApiProblem.notFound("You have no webhook endpoint with id " + id + ".");
  }

  private void disable(Context ctx) {
    Owner owner = owner(ctx);
    long id = Requests.pathId(ctx, "endpointId");
    idempotency.run(ctx, owner.principal(), () -> Reply.ok(EndpointView.of(
        endpoints.disable(owner.airlineId(), id).orElseThrow(() -> noEndpoint(id)))));
  }

  record AttemptView(String at, Integer statusCode, String error, long durationMs) {}

  record DeliveryView(long id, long eventId, String eventType, long endpointId, String status, int attempts,
      String nextAttemptAt, String deliveredAt, List<AttemptView> log) {
    static DeliveryView of(WebhookDeliveries.Delivery delivery) {
      return new DeliveryView(delivery.id(), delivery.eventId(), delivery.eventType().wireName(),
          delivery.endpointId(), delivery.status(), delivery.attempts(),
          delivery.nextAttemptAt().map(Object::toString).orElse(null),
          delivery.deliveredAt().map(Object::toString).orElse(null),
          delivery.log().stream().map(a -> new AttemptView(a.at().toString(), a.statusCode().orElse(null),
              a.error().orElse(null), a.durationMs())).toList());
    }
  }

  private void log(Context ctx) {
    Owner owner = owner(ctx);
    long id = Requests.pathId(ctx, "endpointId");
    PageRequest request = PageRequest.of(ctx);
    ctx.json(deliveries.deliveries(owner.airlineId(), id, request).orElseThrow(() -> noEndpoint(id))
        .map(DeliveryView::of));
  }

  record RedeliverBody(Long eventId) {}

  private void redeliver(Context ctx) {
    Owner owner = owner(ctx);
    long id = Requests.pathId(ctx, "endpointId");
    // Another owner's endpoint is absent whatever the body says.
    endpoints.find(owner.airlineId(), id).orElseThrow(() -> noEndpoint(id));
    long eventId = Requests.required(Json.read(ctx.bodyAsBytes(), RedeliverBody.class).eventId(), "eventId");
    idempotency.run(ctx, owner.principal(), () -> redelivered(id, eventId,
        deliveries.redeliver(owner.airlineId(), id, eventId)));
  }

  private static Reply redelivered(long endpointId, long eventId, WebhookDeliveries.Redelivery result) {
    if (result instanceof WebhookDeliveries.Redelivery.Scheduled scheduled) {
      return new Reply(202, DeliveryView.of(scheduled.delivery()));
    }
    if (result instanceof WebhookDeliveries.Redelivery.NoSuchEndpoint) {
      throw noEndpoint(endpointId);
    }
    if (result instanceof WebhookDeliveries.Redelivery.EndpointDisabled) {
      throw ApiProblem.of(409, "webhook-endpoint-disabled", "The endpoint is disabled",
          "A disabled endpoint receives nothing; register a new one.");
    }
    if (result instanceof WebhookDeliveries.Redelivery.NoSuchEvent) {
      throw ApiProblem.notFound("You have no webhook event with id " + eventId + ".");
    }
    if (result instanceof WebhookDeliveries.Redelivery.NotSubscribed not) {
      throw ApiProblem.of(422, "webhook-event-not-subscribed", "The endpoint does not take this event type",
          "Endpoint " + endpointId + " does not take " + not.type().wireName() + " events.");
    }
    WebhookDeliveries.Redelivery.StillPending pending = (WebhookDeliveries.Redelivery.StillPending) result;
    throw ApiProblem.of(409, "webhook-delivery-pending", "The delivery is still under way",
        "Delivery " + pending.delivery().id() + " is pending; it is tried again on its own.")
        .with("deliveryId", pending.delivery().id());
  }

  record EventView(long id, String type, String createdAt, JsonNode data) {}

  private void events(Context ctx) {
    Owner owner = owner(ctx);
    Page<WebhookDeliveries.StoredEvent> page = deliveries.events(owner.airlineId(), PageRequest.of(ctx));
    ctx.json(page.map(event -> new EventView(event.id(), event.type().wireName(), event.createdAt().toString(),
        data(event))));
  }

  private static JsonNode data(WebhookDeliveries.StoredEvent event) {
    try {
      return Json.mapper().readTree(event.body()).get("data");
    } catch (IOException e) {
      throw new IllegalStateException("stored body of event " + event.id() + " is not JSON", e);
    }
  }
}
