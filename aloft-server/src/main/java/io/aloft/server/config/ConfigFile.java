package io.aloft.server.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The optional TOML configuration file ({@code --config aloft.toml}, docs/aloft.toml). Each key
 * is a setting's {@link Setting#key()}, dotted keys written as tables; a value is written as its
 * flag takes it, or as a TOML number, boolean or array of strings (joined with commas), and
 * {@code fx.rates} also as a table of {@code "FROM/TO" = "RATE"}. Keys it does not know, and
 * secrets (which come from variables or files), stop the start.
 */
final class ConfigFile {
  /** A configuration file is a page or two; anything far bigger is the wrong file. */
  static final long MAX_BYTES = 256 * 1024;
  private static final Pattern TABLE = Pattern.compile("^\\s*\\[+\\s*([A-Za-z0-9_.\"-]+)\\s*]+");
  private static final Pattern KEY = Pattern.compile("^\\s*([A-Za-z0-9_.\"/-]+)\\s*=");

  /** A value and the line it is on. */
  record Entry(String text, int line) {}

  private ConfigFile() {}

  /** The settings the file gives, by key. */
  static Map<String, Entry> read(Path file) throws InvalidSettingException {
    String content;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new InvalidSettingException("configuration file " + file + " is larger than " + MAX_BYTES + " bytes");
      }
      content = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidSettingException("cannot read configuration file " + file + ": " + e.getMessage());
    }
    JsonNode root;
    try {
      root = new TomlMapper().readTree(content);
    } catch (JacksonException e) {
      throw new InvalidSettingException("configuration file " + file + " is not valid TOML: "
          + e.getOriginalMessage() + lineOf(e));
    }
    Map<String, Integer> lines = lines(content);
    Map<String, Entry> entries = new LinkedHashMap<>();
    flatten("", root, file, lines, entries);
    return entries;
  }

  private static void flatten(String prefix, JsonNode node, Path file, Map<String, Integer> lines,
      Map<String, Entry> into) throws InvalidSettingException {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      int line = lines.getOrDefault(key, 0);
      JsonNode value = field.getValue();
      java.util.Optional<Setting> setting = Settings.byKey(key);
      if (setting.isEmpty() && value.isObject()) {
        flatten(key, value, file, lines, into);
        continue;
      }
      String where = file + (line > 0 ? " line " + line : "");
      if (setting.isEmpty()) {
        throw new InvalidSettingException("unknown setting " + key + " (" + where + "); serve --help lists them");
      }
      if (!setting.get().inFile()) {
        throw new InvalidSettingException("setting " + key + " (" + where + ") is a secret and cannot be in the "
            + "configuration file: use " + setting.get().variable() + " or its _file setting");
      }
      into.put(key, new Entry(text(key, value, where), line));
    }
  }

  private static String text(String key, JsonNode value, String where) throws InvalidSettingException {
    if (value.isValueNode()) {
      return value.asText();
    }
    List<String> parts = new ArrayList<>();
    if (value.isArray()) {
      for (JsonNode item : value) {
        if (!item.isValueNode()) {
          throw new InvalidSettingException("invalid setting " + key + " (" + where + "): an array of strings is"
              + " expected");
        }
        parts.add(item.asText());
      }
      return String.join(",", parts);
    }
    if (key.equals("fx.rates")) {
      Iterator<Map.Entry<String, JsonNode>> pairs = value.fields();
      while (pairs.hasNext()) {
        Map.Entry<String, JsonNode> pair = pairs.next();
        parts.add(pair.getKey() + "=" + pair.getValue().asText());
      }
      return String.join(",", parts);
    }
    throw new InvalidSettingException("invalid setting " + key + " (" + where + "): a single value is expected");
  }

  /**
   * The line each key is on. The TOML parser keeps no positions, so this follows table headers and
   * {@code key =} lines; a key it cannot place is reported without a line.
   */
  private static Map<String, Integer> lines(String content) {
    Map<String, Integer> lines = new HashMap<>();
    String table = "";
    String[] all = content.split("\n", -1);
    for (int i = 0; i < all.length; i++) {
      String line = all[i];
      Matcher header = TABLE.matcher(line);
      if (header.find()) {
        table = unquote(header.group(1));
        lines.putIfAbsent(table, i + 1);
        continue;
      }
      Matcher key = KEY.matcher(line);
      if (key.find()) {
        String name = unquote(key.group(1));
        lines.putIfAbsent(table.isEmpty() ? name : table + "." + name, i + 1);
      }
    }
    return lines;
  }

  private static String unquote(String key) {
    return key.replace("\"", "");
  }

  private static String lineOf(JacksonException e) {
    return e.getLocation() != null && e.getLocation().getLineNr() > 0 ? " (line " + e.getLocation().getLineNr() + ")"
        : "";
  }
}
