package io.aloft.simulation.hostile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.server.http.Json;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Request bodies that must be refused, derived from an operation's schema: a plausible body
 * (every field filled with a value its schema allows), then one field at a time given a value of
 * the wrong type or shape, each required field left out, an unknown field added. The plausible
 * body itself is never sent: it might be valid and change data.
 */
final class BodyCases {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Raw JSON tokens Jackson's tree cannot hold, spliced in after writing. */
  private static final String RAW = "@@raw:";

  private final Map<String, String> ownValues;
  private final Instant tomorrow;

  BodyCases(Map<String, String> ownValues, Instant now) {
    this.ownValues = ownValues;
    this.tomorrow = now.plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);
  }

  /** A named hostile JSON body. */
  record Case(String name, byte[] body) {}

  List<Case> cases(JsonNode schema) {
    JsonNode plausible = plausible("", schema);
    List<Case> cases = new ArrayList<>();
    mutations("", schema, plausible, plausible, cases);
    return cases;
  }

  /** Walks the schema; at each field adds the bodies that break it there. */
  private void mutations(String pointer, JsonNode schema, JsonNode root, JsonNode here, List<Case> cases) {
    for (JsonNode wrong : wrongValues(schema, pointer)) {
      cases.add(new Case(pointer + " = " + Json.mapper().valueToTree(wrong), write(replace(root, pointer, wrong))));
    }
    if ("object".equals(schema.path("type").asText()) && schema.has("properties")) {
      schema.path("required").forEach(name -> {
        JsonNode copy = root.deepCopy();
        ((ObjectNode) (pointer.isEmpty() ? copy : copy.at(pointer))).remove(name.asText());
        cases.add(new Case(pointer + "/" + name.asText() + " missing", write(copy)));
      });
      JsonNode copy = root.deepCopy();
      ((ObjectNode) (pointer.isEmpty() ? copy : copy.at(pointer))).put("unexpected", 1);
      cases.add(new Case(pointer + "/unexpected added", write(copy)));
      schema.get("properties").fields().forEachRemaining(p ->
          mutations(pointer + "/" + p.getKey(), p.getValue(), root, here.path(p.getKey()), cases));
    }
    if ("array".equals(schema.path("type").asText()) && schema.has("items")) {
      mutations(pointer + "/0", schema.get("items"), root, here.path(0), cases);
    }
  }

  /** Values of the wrong type or shape for {@code schema}; null only where a field is required. */
  private List<JsonNode> wrongValues(JsonNode schema, String pointer) {
    List<JsonNode> values = new ArrayList<>();
    String type = schema.path("type").asText();
    switch (type) {
      case "integer" -> values.addAll(List.of(NODES.textNode("1"), NODES.numberNode(1.5), NODES.booleanNode(true),
          NODES.arrayNode(), NODES.objectNode(), NODES.textNode(RAW + "1e999"),
          NODES.textNode(RAW + "99999999999999999999999"), NODES.numberNode(-1L), NODES.numberNode(Long.MIN_VALUE)));
      case "number" -> values.addAll(List.of(NODES.textNode("1"), NODES.booleanNode(true), NODES.arrayNode()));
      case "string" -> {
        values.addAll(List.of(NODES.numberNode(1), NODES.booleanNode(true), NODES.arrayNode(), NODES.objectNode(),
            NODES.textNode("\u0000\uFFFF"), NODES.textNode("x".repeat(20_000))));
        if (schema.has("enum") || schema.has("pattern") || schema.has("format")) {
          values.add(NODES.textNode("not valid here!"));
        }
      }
      case "boolean" -> values.addAll(List.of(NODES.textNode("true"), NODES.numberNode(1)));
      case "array" -> values.addAll(List.of(NODES.objectNode(), NODES.textNode("x"), NODES.arrayNode().addNull(),
          repeated(schema.path("maxItems").asInt(1000) + 1)));
      case "object" -> values.addAll(List.of(NODES.arrayNode(), NODES.textNode("x"), NODES.numberNode(1)));
      default -> { }
    }
    if (pointer.isEmpty()) {
      values.add(NODES.nullNode());
    }
    return values;
  }

  private static ArrayNode repeated(int count) {
    ArrayNode array = NODES.arrayNode();
    for (int i = 0; i < count; i++) {
      array.add(NODES.objectNode());
    }
    return array;
  }

  /** A value the schema allows, chosen to be as valid as a guess can be (own ids, real keys, future dates). */
  private JsonNode plausible(String name, JsonNode schema) {
    if (schema.has("enum")) {
      return schema.get("enum").get(0);
    }
    String type = schema.path("type").asText();
    return switch (type) {
      case "object" -> {
        ObjectNode object = NODES.objectNode();
        schema.path("properties").fields().forEachRemaining(p -> object.set(p.getKey(), plausible(p.getKey(), p.getValue())));
        yield object;
      }
      case "array" -> NODES.arrayNode().add(plausible(name, schema.path("items")));
      case "integer" -> ownValues.containsKey(name) ? NODES.numberNode(Long.parseLong(ownValues.get(name)))
          : NODES.numberNode(schema.has("minimum") ? Math.max(schema.get("minimum").asLong(), 1) : 1);
      case "boolean" -> NODES.booleanNode(true);
      case "number" -> NODES.numberNode(1);
      default -> NODES.textNode(plausibleText(name, schema));
    };
  }

  private String plausibleText(String name, JsonNode schema) {
    String format = schema.path("format").asText();
    if (ownValues.containsKey(name)) {
      return ownValues.get(name);
    }
    if (format.equals("date")) {
      return tomorrow.atZone(ZoneOffset.UTC).toLocalDate().toString();
    }
    if (format.equals("date-time")) {
      return (name.toLowerCase(java.util.Locale.ROOT).contains("arrival") ? tomorrow.plusSeconds(7200) : tomorrow).toString();
    }
    if (format.equals("byte")) {
      SignatureAlgorithm algorithm = name.equals("devicePublicKey") ? SignatureAlgorithm.ECDSA_P256 : SignatureAlgorithm.ED25519;
      return Base64.getEncoder().encodeToString(
          SoftwareSigner.generate(algorithm, new SecureRandom()).publicKey().encoded().toByteArray());
    }
    if (name.equals("currency")) {
      return "CNY";
    }
    if (name.equals("flightNumber")) {
      return "77";
    }
    if (name.equals("code")) {
      return "Q7";
    }
    return "Plausible " + name;
  }

  private static JsonNode replace(JsonNode root, String pointer, JsonNode value) {
    if (pointer.isEmpty()) {
      return value;
    }
    JsonNode copy = root.deepCopy();
    int slash = pointer.lastIndexOf('/');
    JsonNode parent = slash == 0 ? copy : copy.at(pointer.substring(0, slash));
    String last = pointer.substring(slash + 1);
    if (parent instanceof ObjectNode object) {
      object.set(last, value);
    } else if (parent instanceof ArrayNode array && !array.isEmpty()) {
      array.set(Integer.parseInt(last), value);
    }
    return copy;
  }

  private static byte[] write(JsonNode body) {
    String text = new String(Json.write(body), StandardCharsets.UTF_8);
    return text.replaceAll("\"" + RAW + "([^\"]*)\"", "$1").getBytes(StandardCharsets.UTF_8);
  }
}
