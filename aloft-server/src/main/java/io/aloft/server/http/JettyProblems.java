package io.aloft.server.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty rejects some requests before Javalin sees them (unparseable request lines, ambiguous URIs,
 * oversized headers). This makes those rejections problem details too, instead of HTML pages,
 * whatever the request's method and {@code Accept} header, and says {@code Connection: close}.
 */
final class JettyProblems extends ErrorHandler {
  private static final String MEDIA_TYPE = "application/problem+json";

  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, MEDIA_TYPE);
    // Jetty ends the connection after rejecting a request it could not take in; the client must
    // not send its next request on it.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(body(code)), callback);
  }

  private static byte[] body(int status) {
    String slug = status == 431 ? "headers-too-large" : status == 413 ? "payload-too-large"
        : status == 408 ? "request-timeout" : status < 500 ? "invalid-request" : "internal-error";
    // Jetty's reason phrases are its own words; the status and slug say all a caller can act on.
    String detail = switch (status) {
      case 431 -> "The request headers are too large.";
      case 413 -> "The request body is too large.";
      case 408 -> "The request was not received in time.";
      default -> status < 500 ? "The request could not be read." : "The server failed unexpectedly.";
    };
    return Json.write(ApiProblem.of(status, slug, "The request was rejected", detail).body(null));
  }
}
