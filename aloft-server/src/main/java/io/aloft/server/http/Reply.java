package io.aloft.server.http;

/** What a handler answers: a status and a JSON body (a problem detail carries its own media type). */
public record Reply(int status, Object body) {
  public static Reply ok(Object body) {
    return new Reply(200, body);
  }

  public static Reply created(Object body) {
    return new Reply(201, body);
  }
}
