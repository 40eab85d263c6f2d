package io.aloft.protocol.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the server's JSON answers and problem documents with Jackson's streaming parser
 * (jackson-core only, which runs on Android). The SDKs need only top-level string members of
 * objects whose size the caller has already bounded: a nested value is skipped, not built.
 *
 * <p>Bounds: the caller reads at most its answer's byte limit; the parser refuses a string longer
 * than {@link #MAX_STRING_CHARS} and nesting deeper than {@link #MAX_DEPTH}.
 */
public final class JsonAnswer {
  /** The longest string member read: a full bundle in base64 (2 MiB answers). */
  public static final int MAX_STRING_CHARS = 4 * 1024 * 1024;
  /** The deepest nesting the parser accepts; the server's answers are two levels deep. */
  public static final int MAX_DEPTH = 16;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxStringLength(MAX_STRING_CHARS)
          .maxNestingDepth(MAX_DEPTH)
          .build())
      .build();

  private JsonAnswer() {}

  /**
   * The top-level string member {@code name} of the JSON object {@code json}; empty when it is
   * absent or not a string.
   *
   * @throws BadAnswerException if {@code json} is not one well-formed JSON object within the bounds
   */
  public static Optional<String> stringMember(byte[] json, String name) throws BadAnswerException {
    Optional<String> found = Optional.empty();
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new BadAnswerException("the answer is not a JSON object");
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String member = parser.currentName();
        JsonToken value = parser.nextToken();
        if (member.equals(name) && value == JsonToken.VALUE_STRING && !found.isPresent()) {
          found = Optional.of(parser.getText());
        } else {
          parser.skipChildren();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        throw new BadAnswerException("the answer is not one JSON object");
      }
    } catch (JsonProcessingException e) {
      throw new BadAnswerException("the answer is not well-formed JSON: " + e.getOriginalMessage());
    } catch (BadAnswerException e) {
      throw e;
    } catch (IOException e) {
      throw new BadAnswerException("the answer could not be read: " + e.getMessage());
    }
    return found;
  }

  /**
   * The bytes of the top-level base64 string member {@code name}.
   *
   * @throws BadAnswerException if the answer is malformed, or the member is absent or not base64
   */
  public static byte[] base64Member(byte[] json, String name) throws BadAnswerException {
    String text = stringMember(json, name)
        .orElseThrow(() -> new BadAnswerException("no string '" + name + "' in the answer"));
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new BadAnswerException("'" + name + "' is not base64: " + e.getMessage());
    }
  }
}
