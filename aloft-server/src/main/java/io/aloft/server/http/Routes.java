package io.aloft.server.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Collects the features' endpoints and filters, and remembers the endpoints, so a test can check
 * that the OpenAPI document describes every one. Javalin takes routes only while it is configured,
 * so {@link HttpApi#create} hands them over with {@link #registerOn}, in the order they were added.
 */
public final class Routes {
  /** One endpoint, with the path in OpenAPI's {@code {param}} syntax (which Javalin shares). */
  public record Route(String method, String path) {}

  private final List<Consumer<RoutesConfig>> registrations = new ArrayList<>();
  private final List<Route> routes = new ArrayList<>();
  private boolean registered;

  public void get(String path, Handler handler) {
    add(HandlerType.GET, path, handler);
  }

  public void post(String path, Handler handler) {
    add(HandlerType.POST, path, handler);
  }

  public void put(String path, Handler handler) {
    add(HandlerType.PUT, path, handler);
  }

  /**
   * A browser page (the console): registered like an endpoint but not part of the JSON API, so
   * neither the OpenAPI document nor {@link #all()} lists it.
   */
  public void page(HandlerType type, String path, Handler handler) {
    later(config -> config.addHttpHandler(type, path, handler));
  }

  /** Runs after every request whose path matches {@code path} (Javalin's wildcard syntax). */
  public void after(String path, Handler handler) {
    later(config -> config.after(path, handler));
  }

  /** Runs before every request whose path matches {@code path} (Javalin's wildcard syntax). */
  public void before(String path, Handler handler) {
    later(config -> config.before(path, handler));
  }

  private void add(HandlerType type, String path, Handler handler) {
    later(config -> config.addHttpHandler(type, path, handler));
    routes.add(new Route(type.name().toLowerCase(java.util.Locale.ROOT), path));
  }

  private void later(Consumer<RoutesConfig> registration) {
    if (registered) {
      throw new IllegalStateException("routes are added before the server is created");
    }
    registrations.add(registration);
  }

  /** Adds everything collected to Javalin's configuration; nothing can be added afterwards. */
  void registerOn(RoutesConfig config) {
    registered = true;
    registrations.forEach(registration -> registration.accept(config));
  }

  public List<Route> all() {
    return List.copyOf(routes);
  }

  /**
   * The path template of the endpoint that answered ({@code /v1/accounts/{id}}), so that metrics
   * and the audit log do not grow an entry per id; empty when no endpoint matched (a 404 or 405).
   */
  public static Optional<String> template(Context ctx) {
    Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
    return endpoint == null || endpoint.path.isEmpty() ? Optional.empty() : Optional.of(endpoint.path);
  }
}
