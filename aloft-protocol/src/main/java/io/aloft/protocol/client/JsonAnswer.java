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
 * (jackson-core only, which runs on Android). The SDKs need only string members, named by their
 * path from the top-level object, of answers whose size the caller has already bounded: every
 * other value is skipped, not built.
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
   * The string at {@code path} in the JSON object {@code json}: the member {@code path[0]} of the
   * top-level object, then {@code path[1]} of that object, and so on, the last a string. Empty
   * when a member on the way is absent or of another type; the first of duplicate names counts.
   *
   * @throws BadAnswerException if {@code json} is not one well-formed JSON object within the bounds
   */
  public static Optional<String> stringMember(byte[] json, String... path) throws BadAnswerException {
    if (path.length == 0) {
      throw new IllegalArgumentException("a member path needs at least one name");
    }
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new BadAnswerException("the answer is not a JSON object");
      }
      Optional<String> found = readObject(parser, path, 0);
      if (parser.nextToken() != null) {
        throw new BadAnswerException("the answer is more than one JSON object");
      }
      return found;
    } catch (JsonProcessingException e) {
      throw new BadAnswerException("the answer is not well-formed JSON: " + e.getOriginalMessage());
    } catch (BadAnswerException e) {
      throw e;
    } catch (IOException e) {
      throw new BadAnswerException("the answer could not be read: " + e.getMessage());
    }
  }

  /** Reads the object the parser is at the start of, to its end; the string at {@code path[at..]}. */
  private static Optional<String> readObject(JsonParser parser, String[] path, int at) throws IOException {
    Optional<String> found = Optional.empty();
    boolean seen = false;
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      boolean wanted = !seen && parser.currentName().equals(path[at]);
      JsonToken value = parser.nextToken();
      seen |= wanted;
      if (wanted && at == path.length - 1 && value == JsonToken.VALUE_STRING) {
        found = Optional.of(parser.getText());
      } else if (wanted && at < path.length - 1 && value == JsonToken.START_OBJECT) {
        found = readObject(parser, path, at + 1);
      } else {
        parser.skipChildren();
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new BadAnswerException("the answer is not a well-formed JSON object");
    }
    return found;
  }

  /**
   * The bytes of the base64 string at {@code path} (see {@link #stringMember}).
   *
   * @throws BadAnswerException if the answer is malformed, or the member is absent or not base64
   */
  public static byte[] base64Member(byte[] json, String... path) throws BadAnswerException {
    String name = String.join(".", path);
    String text = stringMember(json, path)
        .orElseThrow(() -> new BadAnswerException("no string '" + name + "' in the answer"));
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new BadAnswerException("'" + name + "' is not base64: " + e.getMessage());
    }
  }
}
