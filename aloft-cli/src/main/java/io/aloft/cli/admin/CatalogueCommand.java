package io.aloft.cli.admin;

import static io.aloft.cli.admin.AdminCommand.print;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.aloft.cli.Amounts;
import io.aloft.cli.CliException;
import io.aloft.cli.ExitCodes;
import io.aloft.cli.http.ApiClient;
import io.aloft.protocol.message.Catalogue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** An airline's catalogue: what its crews sell, signed into its flights' trust bundles. */
@Command(name = "catalogue", mixinStandardHelpOptions = true,
    description = "Show or replace an airline's catalogue, which its flights' trust bundles carry signed.",
    subcommands = {CatalogueCommand.Show.class, CatalogueCommand.Set.class})
final class CatalogueCommand {
  /** The server's body limit: a file larger than this cannot be sent. */
  static final long MAX_FILE_BYTES = 64 * 1024;

  static String describe(JsonNode catalogue) {
    JsonNode items = catalogue.path("items");
    StringBuilder text = new StringBuilder("airline " + catalogue.path("airlineId").asLong() + ": ");
    if (items.isEmpty()) {
      return text.append("no catalogue").toString();
    }
    text.append(items.size()).append(" items, updated ").append(catalogue.path("updatedAt").asText());
    for (String category : Catalogue.CATEGORIES) {
      boolean heading = false;
      for (JsonNode item : items) {
        if (!item.path("category").asText().equals(category)) {
          continue;
        }
        if (!heading) {
          text.append("\n  ").append(category);
          heading = true;
        }
        text.append("\n    ").append(item.path("sku").asText()).append("  ").append(item.path("nameEn").asText())
            .append(" / ").append(item.path("nameZh").asText()).append("  ").append(Amounts.format(
                item.at("/unitPrice/amountMinor").asLong(), item.at("/unitPrice/currency").asText()));
      }
    }
    return text.toString();
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = {"Show an airline's catalogue by category: sku, English and Chinese names, unit price.",
          "With --json, the server's answer, which 'catalogue set --file' takes back."})
  static final class Show implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Option(names = "--airline", required = true, paramLabel = "ID") long airlineId;

    @Override
    public Integer call() throws Exception {
      return print(options, () -> options.api().catalogue(airlineId), CatalogueCommand::describe);
    }
  }

  @Command(name = "set", mixinStandardHelpOptions = true,
      description = {"Replace an airline's whole catalogue with the items in a JSON file.",
          "The file is {\"items\": [...]} (as 'catalogue show --json' prints it) or the list alone; each item is",
          "  {\"sku\": \"DR-TEA\", \"category\": \"drinks\", \"nameEn\": \"Jasmine tea\", \"nameZh\": \"茉莉花茶\",",
          "   \"unitPrice\": {\"amountMinor\": 1500, \"currency\": \"CNY\"}}",
          "Categories: duty_free, meals, drinks, souvenirs. At most 256 items; sku 1-32 of A-Z a-z 0-9 . _ -;",
          "names at most 32 bytes of UTF-8 each; price 1 to 10^9 minor units. An empty list clears it.",
          "Every flight of the airline gets a new bundle version; a departed flight keeps its catalogue."})
  static final class Set implements Callable<Integer> {
    @Mixin AdminOptions options;
    @Option(names = "--airline", required = true, paramLabel = "ID") long airlineId;
    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The catalogue, in JSON.")
    Path file;

    @Override
    public Integer call() throws Exception {
      JsonNode items = items(file);
      return print(options, () -> options.api().setCatalogue(airlineId, items), CatalogueCommand::describe);
    }
  }

  /** The item list of a catalogue file, refused whole when it is not one. */
  static JsonNode items(Path file) throws CliException {
    JsonNode parsed;
    try {
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new CliException(ExitCodes.INPUT, file + " is larger than the " + MAX_FILE_BYTES / 1024
            + " KiB the server takes");
      }
      parsed = ApiClient.json().readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new CliException(ExitCodes.INPUT, file + " is not JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new CliException(ExitCodes.INPUT, "cannot read " + file + ": " + e.getMessage());
    }
    JsonNode items = parsed != null && parsed.isObject() ? parsed.get("items") : parsed;
    if (items == null || !items.isArray()) {
      throw new CliException(ExitCodes.INPUT, file + " must hold {\"items\": [...]} or a list of items");
    }
    return items;
  }
}
