package io.aloft.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.aloft.cli.http.ApiClient;
import java.io.PrintStream;

/** Prints results for people (sentences) or for scripts ({@code --json}). */
public final class Printer {
  private Printer() {}

  public static void json(Object value, PrintStream out) {
    try {
      out.println(ApiClient.json().copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot print " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }
}
