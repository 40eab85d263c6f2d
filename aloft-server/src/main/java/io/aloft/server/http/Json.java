package io.aloft.server.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;

/**
 * The one JSON mapper. It is strict on input: no type coercion ("100" is not a number, 1.5 is not
 * an integer), no unknown fields, no trailing tokens, bounded nesting and string length. That turns
 * every malformed body into a 400 problem instead of a surprise further in.
 */
public final class Json {
  private static final ObjectMapper MAPPER = build();

  private Json() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  private static ObjectMapper build() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(32).maxStringLength(16_384).maxNumberLength(32).build())
        .build();
    JsonMapper mapper = JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
        .build();
    for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean, LogicalType.Textual}) {
      mapper.coercionConfigFor(type)
          .setCoercion(CoercionInputShape.String, type == LogicalType.Textual ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Integer, type == LogicalType.Integer ? CoercionAction.TryConvert : CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
          .setCoercion(CoercionInputShape.Boolean, type == LogicalType.Boolean ? CoercionAction.TryConvert : CoercionAction.Fail);
    }
    return mapper;
  }

  /** Parses a request body into {@code type}, or throws a 400 problem that says what is wrong. */
  public static <T> T read(byte[] body, Class<T> type) {
    if (body == null || body.length == 0) {
      throw ApiProblem.invalidRequest("The request body is empty; a JSON object is expected.");
    }
    // Jackson skips a UTF-8 byte order mark; RFC 8259 forbids sending one, and strict means strict.
    if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
      throw ApiProblem.invalidRequest("The request body starts with a byte order mark; send JSON without one.");
    }
    try {
      T value = MAPPER.readValue(body, type);
      if (value == null) {
        throw ApiProblem.invalidRequest("The request body is null; a JSON object is expected.");
      }
      return value;
    } catch (ValueInstantiationException e) {
      // A request record's own check: its message is ours. Anything else says no more than "not valid".
      throw ApiProblem.invalidRequest(e.getCause() instanceof IllegalArgumentException ours
          ? "The body is not valid: " + ours.getMessage() : "The body is not valid.");
    } catch (UnrecognizedPropertyException e) {
      throw ApiProblem.invalidRequest("Unknown field '" + Requests.abbreviate(String.valueOf(e.getPropertyName())) + "'.");
    } catch (MismatchedInputException e) {
      String path = path(e);
      throw ApiProblem.invalidRequest(path.isEmpty() ? "The body must be a JSON object."
          : "Field '" + path + "' must be " + expected(e.getTargetType()) + ".");
    } catch (StreamConstraintsException e) {
      throw ApiProblem.invalidRequest("The body nests too deeply or holds a value that is too long.");
    } catch (JsonProcessingException e) {
      throw ApiProblem.invalidRequest("The body is not valid JSON" + where(e) + ".");
    } catch (IOException e) {
      throw ApiProblem.invalidRequest("The body could not be read.");
    } catch (IllegalArgumentException e) {
      throw ApiProblem.invalidRequest("The body is not valid.");
    }
  }

  /**
   * The kind of JSON value a field takes, in the words of docs/api.md: Jackson's own message names
   * the Java types behind the request, which are none of the caller's business.
   */
  private static String expected(Class<?> type) {
    if (type == null) {
      return "of another type";
    }
    if (type == Long.class || type == long.class || type == Integer.class || type == int.class
        || type == Short.class || type == short.class) {
      return "an integer";
    }
    if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
      return "a number";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == String.class || type.isEnum()) {
      return "a string" + (type.isEnum() ? " with one of the documented values" : "");
    }
    if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
      return "an array";
    }
    return "an object";
  }

  private static String where(JsonProcessingException e) {
    JsonLocation location = e.getLocation();
    return location == null || location.getLineNr() < 1 ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  private static String path(MismatchedInputException e) {
    StringBuilder path = new StringBuilder();
    for (var reference : e.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.length() == 0 ? "" : ".").append(reference.getFieldName());
      } else {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return Requests.abbreviate(path.toString());
  }

  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("could not serialise a response of " + value.getClass(), e);
    }
  }
}
