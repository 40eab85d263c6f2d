package io.aloft.protocol.client;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.Digests;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.VerificationKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A terminal's signed HTTP request: how an enrolled terminal proves who it is with its own
 * Ed25519 key instead of a bearer secret. The header is
 *
 * <pre>Authorization: Aloft-Terminal terminal=42,time=1767225600,nonce=&lt;22 base64url&gt;,signature=&lt;86 base64url&gt;</pre>
 *
 * and the signature covers, as US-ASCII:
 *
 * <pre>
 * "aloft:v1:terminal-request" 0x00   domain: no protocol message's signing input starts so
 * METHOD "\n"                         e.g. POST, upper case
 * PATH "\n"                           the request target: path and query exactly as sent
 * TERMINAL "\n"                       the terminal id, decimal
 * TIME "\n"                           Unix seconds, decimal, when the request was signed
 * NONCE "\n"                          16 random bytes, base64url without padding (22 characters)
 * BODY-SHA256                         SHA-256 of the body bytes (of nothing for no body), lower-case hex
 * </pre>
 *
 * The server accepts a request only within a bounded clock skew of TIME and only once per
 * (terminal, NONCE), so a captured request cannot be replayed and a changed method, path or body
 * breaks the signature. A retry signs again with a new time and nonce.
 */
public final class RequestSignature {
  public static final String SCHEME = "Aloft-Terminal";
  public static final int NONCE_BYTES = 16;
  /** Response header with the server's Unix seconds, sent with a refusal for the time: lets a device fix its clock. */
  public static final String SERVER_TIME_HEADER = "Aloft-Server-Time";
  private static final byte[] DOMAIN = "aloft:v1:terminal-request\0".getBytes(StandardCharsets.US_ASCII);
  /** Bounds every field before anything is decoded: ids and times fit a long, nonces and signatures are fixed. */
  private static final Pattern HEADER = Pattern.compile(SCHEME
      + " terminal=([1-9][0-9]{0,17}),time=([0-9]{1,12}),nonce=([A-Za-z0-9_-]{22}),signature=([A-Za-z0-9_-]{86})");
  private static final int MAX_METHOD_LENGTH = 16;
  private static final int MAX_PATH_LENGTH = 2048;

  private RequestSignature() {}

  /** The parsed header. */
  public record Header(long terminalId, long timeSeconds, String nonce, Bytes signature) {}

  /** The header value for one request, signed now with a fresh nonce. */
  public static String authorization(Signer terminalKey, long terminalId, String method, String pathAndQuery,
      byte[] body, Instant now, Random random) {
    byte[] nonceBytes = new byte[NONCE_BYTES];
    random.nextBytes(nonceBytes);
    String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(nonceBytes);
    long time = now.getEpochSecond();
    byte[] signature = terminalKey.sign(signingInput(method, pathAndQuery, terminalId, time, nonce, body));
    return SCHEME + " terminal=" + terminalId + ",time=" + time + ",nonce=" + nonce + ",signature="
        + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
  }

  /** Whether a header value claims this scheme (it may still be malformed). */
  public static boolean claims(String headerValue) {
    return headerValue != null && (headerValue.equals(SCHEME) || headerValue.startsWith(SCHEME + " "));
  }

  /** The header's fields, or empty when it is not exactly of the form above. */
  public static Optional<Header> parse(String headerValue) {
    if (headerValue == null || headerValue.length() > 256) {
      return Optional.empty();
    }
    Matcher matcher = HEADER.matcher(headerValue);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    return Optional.of(new Header(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)),
        matcher.group(3), Bytes.of(Base64.getUrlDecoder().decode(matcher.group(4)))));
  }

  /** Whether {@code header} is a valid signature by {@code terminalKey} over this request. Fails closed. */
  public static boolean verify(VerificationKey terminalKey, Header header, String method, String pathAndQuery,
      byte[] body) {
    if (terminalKey.algorithm() != SignatureAlgorithm.ED25519 || method.length() > MAX_METHOD_LENGTH
        || pathAndQuery.length() > MAX_PATH_LENGTH) {
      return false;
    }
    return Signatures.verify(terminalKey, signingInput(method, pathAndQuery, header.terminalId(),
        header.timeSeconds(), header.nonce(), body), header.signature());
  }

  static byte[] signingInput(String method, String pathAndQuery, long terminalId, long timeSeconds, String nonce,
      byte[] body) {
    String text = method + "\n" + pathAndQuery + "\n" + terminalId + "\n" + timeSeconds + "\n" + nonce + "\n"
        + Bytes.of(Digests.sha256(body)).hex();
    byte[] fields = text.getBytes(StandardCharsets.UTF_8);
    byte[] input = new byte[DOMAIN.length + fields.length];
    System.arraycopy(DOMAIN, 0, input, 0, DOMAIN.length);
    System.arraycopy(fields, 0, input, DOMAIN.length, fields.length);
    return input;
  }
}
