package io.aloft.server.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Each table belongs to one package of the server, and only that package writes SQL that names it;
 * another package reads it through the owner's API: its methods, or a view the owner publishes in
 * a migration for queries that join across owners. The maps below are the ones in
 * {@code aloft-server/README.md}. ArchUnit sees classes, not SQL, so this test reads the server's
 * main sources: the string literals of each file, in order, joined, and every table name after
 * {@code FROM}, {@code JOIN}, {@code INTO}, {@code UPDATE}, {@code TABLE}, {@code COPY} or
 * {@code TRUNCATE}, or handed to {@code BinaryCopy}.
 */
class TableOwnershipTest {
  private static final Path SOURCES = Path.of("src/main/java/io/aloft/server");
  private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

  /** Table to the package (under {@code io.aloft.server}) that owns it. */
  static final Map<String, String> OWNERS = owners(
      "account", "accounts",
      "airline", "airlines flights flight_one_scan_limits terminals",
      "enrolment", "credentials enrolment_challenges",
      "trust", "trust_bundles terminal_bundle_fetches server_state fx_rates fx_snapshots",
      "trustlog", "trust_events",
      "catalogue", "catalogue_versions catalogue_items",
      "settlement", "payments rejections refunds terminal_batches cases case_evidence case_resolutions",
      "ledger", "ledger_accounts ledger_entries ledger_postings",
      "payout", "payouts",
      "webhook", "webhook_endpoints webhook_events webhook_deliveries webhook_attempts",
      "audit", "audit_log",
      "http", "api_tokens idempotency_records request_nonces",
      "console", "console_users console_sessions");

  /**
   * The views a package publishes (in a migration) for other packages to read inside their own
   * queries, to the package that publishes them. A view names only its package's tables, and any
   * package may name it.
   */
  static final Map<String, String> PUBLISHED_VIEWS = owners(
      "account", "account_funds",
      "airline", "scheduled_flights flight_labels",
      "enrolment", "issued_credentials",
      "settlement", "settled_payments settled_refunds unsettled_rejections settled_ledger_totals settled_guarantee_movements settled_ledger_links",
      "payout", "payouts_made");

  private static final Pattern LITERAL = Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"",
      Pattern.DOTALL);
  private static final Pattern NAMED_TABLE = Pattern.compile(
      "\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|COPY|TRUNCATE)\\s+(?:ONLY\\s+)?([a-z_][a-z0-9_]*)");
  private static final Pattern COPIED_TABLE = Pattern.compile("new BinaryCopy\\(\\s*\"([a-z_][a-z0-9_]*)\"");
  private static final Pattern CREATED_TABLE = Pattern.compile(
      "(?i)\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([a-z_][a-z0-9_]*)");
  /** A view's name and its definition, up to the semicolon that ends the statement. */
  private static final Pattern CREATED_VIEW = Pattern.compile(
      "(?i)\\bCREATE\\s+(?:OR\\s+REPLACE\\s+)?VIEW\\s+([a-z_][a-z0-9_]*)\\s+AS\\b([^;]*);");

  @Test
  void everyMigratedTable_hasOneOwningPackage() throws IOException {
    assertThat(OWNERS.keySet()).containsExactlyInAnyOrderElementsOf(migratedTables());
    for (String owner : new TreeSet<>(OWNERS.values())) {
      assertThat(SOURCES.resolve(owner)).as("owning package " + owner).isDirectory();
    }
  }

  @Test
  void everyPublishedView_namesOnlyTheTablesOfThePackageThatPublishesIt() throws IOException {
    Map<String, String> views = migratedViews();
    assertThat(PUBLISHED_VIEWS.keySet()).containsExactlyInAnyOrderElementsOf(views.keySet());
    Set<String> tables = migratedTables();
    views.forEach((view, definition) -> {
      String publisher = PUBLISHED_VIEWS.get(view);
      Set<String> named = new TreeSet<>();
      Matcher table = Pattern.compile(NAMED_TABLE.pattern(), Pattern.CASE_INSENSITIVE).matcher(definition);
      while (table.find()) {
        named.add(table.group(1).toLowerCase(java.util.Locale.ROOT));
      }
      assertThat(named).as("tables view %s names", view).isNotEmpty();
      for (String name : named) {
        assertThat(tables).as("view %s names %s, a table", view, name).contains(name);
        assertThat(OWNERS.get(name)).as("owner of %s, which view %s of %s names", name, view, publisher)
            .isEqualTo(publisher);
      }
    });
  }

  @Test
  void onlyTheOwningPackage_namesATableInSql() throws IOException {
    Set<String> tables = migratedTables();
    Set<String> foreign = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
        String context = contextOf(file);
        for (String table : tablesNamedIn(file)) {
          if (tables.contains(table) && !OWNERS.get(table).equals(context)) {
            foreign.add(SOURCES.relativize(file).toString().replace('\\', '/') + " -> " + table);
          }
        }
      }
    }
    assertThat(foreign).as("SQL naming another package's table (file -> table; owners: %s; views any package may"
        + " name: %s)", OWNERS, PUBLISHED_VIEWS).isEmpty();
  }

  /** The package under io.aloft.server a source file belongs to ("" for the root package). */
  private static String contextOf(Path file) {
    Path relative = SOURCES.relativize(file);
    return relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
  }

  /** Table names after an SQL keyword in the file's string literals (joined, so "... FROM " + "x" counts). */
  static Set<String> tablesNamedIn(Path file) throws IOException {
    String source = Files.readString(file, StandardCharsets.UTF_8);
    StringBuilder literals = new StringBuilder();
    Matcher literal = LITERAL.matcher(source);
    while (literal.find()) {
      literals.append(literal.group(1) != null ? literal.group(1) : literal.group(2)).append(' ');
    }
    Set<String> named = new TreeSet<>();
    Matcher table = NAMED_TABLE.matcher(literals);
    while (table.find()) {
      named.add(table.group(1));
    }
    Matcher copied = COPIED_TABLE.matcher(source);
    while (copied.find()) {
      named.add(copied.group(1));
    }
    return named;
  }

  private static Set<String> migratedTables() throws IOException {
    Set<String> tables = new TreeSet<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".sql")).toList()) {
        Matcher created = CREATED_TABLE.matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (created.find()) {
          tables.add(created.group(1).toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    return tables;
  }

  /** Each view the migrations create, to its definition. */
  private static Map<String, String> migratedViews() throws IOException {
    Map<String, String> views = new TreeMap<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      for (Path file : files.filter(path -> path.toString().endsWith(".sql")).toList()) {
        String sql = Files.readString(file, StandardCharsets.UTF_8).replaceAll("--[^\n]*", "");
        Matcher created = CREATED_VIEW.matcher(sql);
        while (created.find()) {
          views.put(created.group(1).toLowerCase(java.util.Locale.ROOT), created.group(2));
        }
      }
    }
    return views;
  }

  private static Map<String, String> owners(String... packageThenTables) {
    Map<String, String> owners = new TreeMap<>();
    for (int i = 0; i < packageThenTables.length; i += 2) {
      for (String table : packageThenTables[i + 1].split(" ")) {
        if (owners.put(table, packageThenTables[i]) != null) {
          throw new IllegalArgumentException("table " + table + " has two owners");
        }
      }
    }
    return owners;
  }
}
