package io.aloft.simulation.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One operation of the served OpenAPI document: method, path template, the security schemes
 * that may call it (empty: public), and its request body schema with every {@code $ref}
 * resolved. Read from the document the server serves, so endpoints added later are covered
 * without touching this code.
 */
record Operation(String method, String path, Set<String> schemes, Optional<Body> body, List<String> pathParameters) {
  private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

  /** A request body: its media type and resolved schema. */
  record Body(String contentType, JsonNode schema) {}

  boolean isPublic() {
    return schemes.isEmpty();
  }

  /** The path with each {@code {name}} replaced by {@code values.get(name)}. */
  String fill(Map<String, String> values) {
    Matcher matcher = PARAMETER.matcher(path);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String value = values.get(matcher.group(1));
      if (value == null) {
        throw new IllegalArgumentException("no value for path parameter " + matcher.group(1) + " of " + this);
      }
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  @Override
  public String toString() {
    return method.toUpperCase(java.util.Locale.ROOT) + " " + path;
  }

  static List<Operation> all(JsonNode document) {
    List<Operation> operations = new ArrayList<>();
    Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> path = paths.next();
      Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields();
      while (methods.hasNext()) {
        Map.Entry<String, JsonNode> method = methods.next();
        if (List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
          operations.add(of(document, path.getKey(), method.getKey(), method.getValue()));
        }
      }
    }
    return operations;
  }

  private static Operation of(JsonNode document, String path, String method, JsonNode operation) {
    Set<String> schemes = new LinkedHashSet<>();
    JsonNode security = operation.has("security") ? operation.get("security") : document.path("security");
    security.forEach(requirement -> requirement.fieldNames().forEachRemaining(schemes::add));
    Optional<Body> body = Optional.empty();
    JsonNode content = operation.path("requestBody").path("content");
    if (content.size() > 0) {
      String type = content.fieldNames().next();
      body = Optional.of(new Body(type, resolve(document, content.get(type).path("schema"))));
    }
    List<String> parameters = new ArrayList<>();
    Matcher matcher = PARAMETER.matcher(path);
    while (matcher.find()) {
      parameters.add(matcher.group(1));
    }
    return new Operation(method, path, schemes, body, parameters);
  }

  /** The schema with every {@code $ref} replaced by what it points to (the document has no cycles). */
  static JsonNode resolve(JsonNode document, JsonNode schema) {
    if (schema.has("$ref")) {
      String pointer = schema.get("$ref").asText().substring(1);
      return resolve(document, document.at(pointer));
    }
    if (!schema.isObject()) {
      return schema;
    }
    com.fasterxml.jackson.databind.node.ObjectNode copy = schema.deepCopy();
    if (copy.has("properties")) {
      com.fasterxml.jackson.databind.node.ObjectNode properties = copy.putObject("properties");
      schema.get("properties").fields().forEachRemaining(p -> properties.set(p.getKey(), resolve(document, p.getValue())));
    }
    if (copy.has("items")) {
      copy.set("items", resolve(document, schema.get("items")));
    }
    return copy;
  }
}
