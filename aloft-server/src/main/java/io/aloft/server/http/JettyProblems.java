package io.aloft.server.http;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

/**
 * Jetty rejects some requests before Javalin sees them (unparseable request lines, ambiguous URIs,
 * oversized headers). This makes those rejections problem details too, instead of HTML pages.
 */
final class JettyProblems extends ErrorHandler {
  private static final String MEDIA_TYPE = "application/problem+json";

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, MEDIA_TYPE));
    return ByteBuffer.wrap(body(status));
  }

  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    baseRequest.setHandled(true);
    response.setContentType(MEDIA_TYPE);
    response.getOutputStream().write(body(code));
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
