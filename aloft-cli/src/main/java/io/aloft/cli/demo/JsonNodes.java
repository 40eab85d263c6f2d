package io.aloft.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/** Small reads of the server's JSON answers. */
final class JsonNodes {
  private JsonNodes() {}

  /** The first element of {@code array} whose {@code field} is {@code value}; a missing node if none. */
  static JsonNode first(JsonNode array, String field, String value) {
    for (JsonNode element : array) {
      if (value.equals(element.path(field).asText())) {
        return element;
      }
    }
    return MissingNode.getInstance();
  }
}
