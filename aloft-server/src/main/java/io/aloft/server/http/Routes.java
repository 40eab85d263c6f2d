package io.aloft.server.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers endpoints on Javalin and remembers them, so a test can check that the OpenAPI
 * document describes every one.
 */
public final class Routes {
  /** One endpoint, with the path in OpenAPI's {@code {param}} syntax (which Javalin shares). */
  public record Route(String method, String path) {}

  private final Javalin app;
  private final List<Route> routes = new ArrayList<>();

  public Routes(Javalin app) {
    this.app = app;
  }

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
    app.addHttpHandler(type, path, handler);
  }

  /** Runs after every request whose path matches {@code path} (Javalin's wildcard syntax). */
  public void after(String path, Handler handler) {
    app.after(path, handler);
  }

  /** Runs before every request whose path matches {@code path} (Javalin's wildcard syntax). */
  public void before(String path, Handler handler) {
    app.before(path, handler);
  }

  private void add(HandlerType type, String path, Handler handler) {
    app.addHttpHandler(type, path, handler);
    routes.add(new Route(type.name().toLowerCase(java.util.Locale.ROOT), path));
  }

  public List<Route> all() {
    return List.copyOf(routes);
  }
}
