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
    return ByteBuffer.wrap(body(status, reason));
  }

  @Override
  protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
      HttpServletResponse response, int code, String message) throws IOException {
    baseRequest.setHandled(true);
    response.setContentType(MEDIA_TYPE);
    response.getOutputStream().write(body(code, message));
  }

  private static byte[] body(int status, String reason) {
    String slug = status == 431 ? "headers-too-large" : status == 413 ? "payload-too-large"
        : status < 500 ? "invalid-request" : "internal-error";
    String detail = reason == null ? "The request could not be read." : reason;
    return Json.write(ApiProblem.of(status, slug, "The request was rejected", detail).body(null));
  }
}
