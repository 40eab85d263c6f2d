package io.aloft.server;

import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.files.PrivateFiles;
import io.aloft.protocol.message.IssuerFingerprint;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.protocol.money.FxRate;
import io.aloft.server.account.AccountRoutes;
import io.aloft.server.account.AccountStandings;
import io.aloft.server.account.WalletTokenRoutes;
import io.aloft.server.account.Accounts;
import io.aloft.server.airline.AirlineKeyRoutes;
import io.aloft.server.airline.AirlineRoutes;
import io.aloft.server.airline.Airlines;
import io.aloft.server.airline.Terminals;
import io.aloft.server.allowance.Allowances;
import io.aloft.server.audit.AuditLog;
import io.aloft.server.catalogue.CatalogueRoutes;
import io.aloft.server.catalogue.Catalogues;
import io.aloft.server.console.AccountPages;
import io.aloft.server.console.Console;
import io.aloft.server.console.CasePages;
import io.aloft.server.console.CataloguePages;
import io.aloft.server.console.ConsoleRoutes;
import io.aloft.server.console.ConsoleUserPages;
import io.aloft.server.console.LedgerPages;
import io.aloft.server.console.PayoutPages;
import io.aloft.server.console.TerminalPages;
import io.aloft.server.crypto.SignatureVerification;
import io.aloft.server.db.Database;
import io.aloft.server.db.EmbeddedPostgres;
import io.aloft.server.enrolment.EnrolmentRoutes;
import io.aloft.server.enrolment.Enrolments;
import io.aloft.server.http.AdminKey;
import io.aloft.server.http.ApiAudit;
import io.aloft.server.http.ApiTokens;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.HttpApi;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.IdempotencyPruning;
import io.aloft.server.http.LatencyHistograms;
import io.aloft.server.http.MeRoutes;
import io.aloft.server.http.RateLimits;
import io.aloft.server.http.ReadDeadlines;
import io.aloft.server.http.Routes;
import io.aloft.server.http.Secrets;
import io.aloft.server.http.TlsFiles;
import io.aloft.server.issuer.IssuerKeyRing;
import io.aloft.server.issuer.IssuerKeyStore;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.ledger.LedgerEntries;
import io.aloft.server.ledger.LedgerRoutes;
import io.aloft.server.ledger.MerchantAccounts;
import io.aloft.server.payout.PayoutRoutes;
import io.aloft.server.payout.Payouts;
import io.aloft.server.payout.Statements;
import io.aloft.server.report.ReportRoutes;
import io.aloft.server.settlement.CaseResolutions;
import io.aloft.server.settlement.CaseRoutes;
import io.aloft.server.report.SettlementReports;
import io.aloft.server.settlement.Settlement;
import io.aloft.server.settlement.SettlementRoutes;
import io.aloft.server.settlement.StoredBundles;
import io.aloft.server.trust.FxRoutes;
import io.aloft.server.trust.FxSnapshots;
import io.aloft.server.trust.TrustBundles;
import io.aloft.server.trustlog.TrustEvents;
import io.aloft.server.trust.TrustRoutes;
import io.aloft.server.webhook.WebhookDeliveries;
import io.aloft.server.webhook.WebhookEndpoints;
import io.aloft.server.webhook.WebhookRoutes;
import io.aloft.server.webhook.WebhookWorker;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Aloft issuer server: {@link #start(ServerConfig)} to embed it (the CLI and tests do),
 * {@code aloft serve} (or {@code io.aloft.server.config.ServerMain}) to run it. Closing stops HTTP,
 * then the pool, then the embedded database.
 */
public final class AloftServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AloftServer.class);

  private final List<AutoCloseable> resources;
  private final Javalin app;
  private final Routes routes;
  private final IssuerKeyRing issuerKeys;
  private final String adminKey;
  private final Settlement settlement;
  private final String baseUrl;
  private final FxSnapshots fx;

  private AloftServer(List<AutoCloseable> resources, Javalin app, Routes routes, IssuerKeyRing issuerKeys,
      String adminKey, Settlement settlement, FxSnapshots fx, String baseUrl) {
    this.fx = fx;
    this.settlement = settlement;
    this.baseUrl = baseUrl;
    this.resources = resources;
    this.app = app;
    this.routes = routes;
    this.issuerKeys = issuerKeys;
    this.adminKey = adminKey;
  }

  /**
   * Starts everything and returns once the HTTP port accepts requests.
   *
   * @throws IllegalArgumentException when {@link ServerConfig#exposureProblem()} names one
   * @throws IOException also when the TLS files cannot be read or do not match
   */
  public static AloftServer start(ServerConfig config) throws IOException {
    config.exposureProblem().ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      return startOrFail(config, opened);
    } catch (IOException | RuntimeException e) {
      closeAll(opened);
      throw e;
    }
  }

  private static AloftServer startOrFail(ServerConfig config, List<AutoCloseable> opened) throws IOException {
    Optional<TlsFiles.Loaded> tls = config.tls().isPresent() ? Optional.of(config.tls().get().load()) : Optional.empty();
    SignatureVerification.install(config.verificationProvider());
    PrivateFiles.folder(config.dataDirectory());
    PrometheusMeterRegistry metrics = metrics();
    Database database = openDatabase(config, metrics, opened);
    Map<Integer, Signer> keys = config.issuerKeys().isPresent() ? config.issuerKeys().get()
        : IssuerKeyStore.loadOrCreate(config.dataDirectory().resolve("issuer-keys"), config.random());
    IssuerKeyRing ring = IssuerKeyRing.signingWithNewest(keys);
    String adminKey = config.adminKey().isPresent() ? config.adminKey().get()
        : AdminKey.loadOrCreate(config.dataDirectory().resolve("admin-key"), config.random());

    ReadDeadlines deadlines = new ReadDeadlines(config.httpLimits(),
        Math.max(config.maxRequestBytes(), SettlementRoutes.MAX_UPLOAD_BYTES));
    opened.add(0, deadlines);
    Routes routes = new Routes();
    Wired wired = wire(config, database, ring, adminKey, metrics, routes, opened);
    wired.bundles().noteIssuerKeys(fingerprint(ring));
    Javalin app = HttpApi.create(config.maxRequestBytes(), metrics, config.httpLimits(), deadlines, config.clock(), tls.map(loaded ->
        (server, http) -> TlsFiles.connector(loaded, config.host(), config.port(), server, http)), routes);
    app.start(config.host(), config.port());
    opened.add(0, app::stop);
    HttpApi.startDeadlines(app, config.httpLimits(), deadlines);
    String baseUrl = baseUrl(tls.isPresent() ? "https" : "http", config.host(), app.port());
    LOG.info("Aloft server listening on {}", baseUrl);
    return new AloftServer(opened, app, routes, ring, adminKey, wired.settlement(), wired.fx(), baseUrl);
  }

  private static Database openDatabase(ServerConfig config, PrometheusMeterRegistry metrics,
      List<AutoCloseable> opened) throws IOException {
    Database database;
    if (config.databaseUrl().isPresent()) {
      database = Database.open(config.databaseUrl().get(), config.databaseUser().orElse(null),
          config.databasePassword().orElse(null), metrics);
    } else {
      EmbeddedPostgres postgres = EmbeddedPostgres.start(config.dataDirectory().resolve("postgres"),
          config.binaryCache(), config.embeddedSettings());
      opened.add(0, postgres);
      EmbeddedPostgres.Login login = postgres.application();
      database = Database.open(postgres.jdbcUrl(EmbeddedPostgres.APPLICATION_DATABASE), login.user(),
          login.password(), metrics);
    }
    opened.add(0, database);
    return database;
  }

  /** What the rest of start-up needs from the wired features. */
  private record Wired(TrustBundles bundles, Settlement settlement, FxSnapshots fx) {}

  private static Wired wire(ServerConfig config, Database database, IssuerKeyRing ring, String adminKey,
      PrometheusMeterRegistry metrics, Routes routes, List<AutoCloseable> opened) {
    RateLimits limits = new RateLimits(config.httpLimits());
    AuditLog audit = new AuditLog(database, config.clock());
    Terminals terminals = new Terminals(database, audit, ring, config.clock(), config.terminalCertificateValidity());
    Authenticator authenticator = new Authenticator(Secrets.hash(adminKey), database, terminals, config.clock(),
        limits);
    Idempotency idempotency = new Idempotency(database, config.clock());
    opened.add(0, IdempotencyPruning.start(idempotency, config.clock(), config.httpLimits().idempotencyMaxAge()));
    ApiTokens tokens = new ApiTokens(database, config.clock(), config.random());
    Ledger ledger = new Ledger(database);
    Accounts accounts = new Accounts(database, ledger, config.clock(), config.random());
    Airlines airlines = new Airlines(database, config.clock(), config.random());
    Allowances allowances = new Allowances(database, config.settlementWindow());
    Enrolments enrolments = new Enrolments(database, ring, config.scoreProvider(), config.eligibility(), allowances,
        config.clock(), config.random());
    TrustBundles bundles = new TrustBundles(database, ring, config.clock(), Settlement::bundleVersionsInUse);
    FxSnapshots fx = new FxSnapshots(database, config.clock());
    fx.applyConfigured(config.fxRates());

    HttpApi.registerOperations(routes, database, metrics, authenticator);
    routes.after("/v1/*", new ApiAudit(audit)::after);
    new MeRoutes(authenticator).register(routes);
    new AccountRoutes(accounts, authenticator, idempotency, config.scoreProvider(), config.eligibility(),
        allowances, config.writeOffAfter(), config.clock(), audit).register(routes);
    new WalletTokenRoutes(accounts, tokens, authenticator, idempotency).register(routes);
    new AirlineRoutes(airlines, terminals, authenticator, idempotency, config.clock()).register(routes);
    new AirlineKeyRoutes(airlines, tokens, authenticator, idempotency).register(routes);
    new EnrolmentRoutes(enrolments, authenticator, idempotency, metrics, limits).register(routes);
    new TrustRoutes(bundles, ring, authenticator).register(routes);
    new FxRoutes(fx, authenticator).register(routes);
    Catalogues catalogues = new Catalogues(database, config.clock(),
        (connection, airlineId, now) -> TrustEvents.airlineChanged(connection, "catalogue-changed", airlineId, now));
    CatalogueRoutes catalogueRoutes = new CatalogueRoutes(catalogues, airlines, authenticator, audit);
    catalogueRoutes.register(routes);
    Settlement settlement = new Settlement(database, ledger, new StoredBundles(database, config.clock()),
        config.settlement(), ring, config.clock(), config.settlementWindow(), Runtime.getRuntime().availableProcessors());
    opened.add(0, settlement);
    new SettlementRoutes(settlement, authenticator, idempotency, metrics, limits).register(routes);
    SettlementReports reports = new SettlementReports(database);
    new ReportRoutes(reports, ledger, authenticator).register(routes);
    CaseResolutions cases = new CaseResolutions(database, ledger, audit, config.clock());
    new CaseRoutes(cases, authenticator, idempotency).register(routes);
    LedgerEntries ledgerEntries = new LedgerEntries(database);
    new LedgerRoutes(ledgerEntries, authenticator).register(routes);
    Console console = new Console(database, audit, config.clock(), config.random());
    new ConsoleRoutes(console, authenticator, airlines, reports, ledger).register(routes);
    new CataloguePages(console, catalogueRoutes, airlines).register(routes);
    new TerminalPages(console, terminals, airlines, bundles, reports).register(routes);
    new LedgerPages(console, ledger, ledgerEntries).register(routes);
    new ConsoleUserPages(console, database, authenticator, airlines, config.clock(), config.random()).register(routes);
    new CasePages(console, cases).register(routes);
    Payouts payouts = new Payouts(database, ledger, airlines, audit, config.clock());
    MerchantAccounts merchants = new MerchantAccounts(database);
    Statements statements = new Statements(merchants, payouts, reports);
    new PayoutRoutes(payouts, statements, merchants, airlines, authenticator, idempotency).register(routes);
    new PayoutPages(console, payouts, statements, merchants, airlines).register(routes);
    new WebhookRoutes(new WebhookEndpoints(database, config.clock(), config.random()),
        new WebhookDeliveries(database, config.clock()), config.webhooks(), authenticator, idempotency).register(routes);
    WebhookWorker webhooks = new WebhookWorker(database, config.webhooks(), config.clock(), config.random());
    opened.add(0, webhooks);
    webhooks.start();
    new AccountPages(console, accounts, new AccountStandings(config.scoreProvider(), config.eligibility(), allowances,
        config.clock()), reports, idempotency, config.writeOffAfter()).register(routes);
    return new Wired(bundles, settlement, fx);
  }

  private static PrometheusMeterRegistry metrics() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new LatencyHistograms());
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    return registry;
  }

  /** Identifies the published key set, so that a change between runs bumps every bundle. */
  private static String fingerprint(IssuerKeyRing ring) {
    StringBuilder text = new StringBuilder();
    for (IssuerKey key : ring.publicKeys()) {
      text.append(key.keyId()).append(':').append(key.key().encoded().hex()).append(';');
    }
    text.append("signing:").append(ring.signingKeyId());
    return HexFormat.of().formatHex(Secrets.sha256(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  public int port() {
    return app.port();
  }

  /** Where a client on this machine reaches the server: the listening address, or loopback for a wildcard one. */
  public String baseUrl() {
    return baseUrl;
  }

  private static String baseUrl(String scheme, String host, int port) {
    String reachable = host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]") ? "127.0.0.1" : host;
    String literal = reachable.contains(":") && !reachable.startsWith("[") ? "[" + reachable + "]" : reachable;
    return scheme + "://" + literal + ":" + port;
  }

  /** What devices compare before they pin this server's issuer keys (see {@link IssuerFingerprint}). */
  public IssuerFingerprint issuerFingerprint() {
    return IssuerFingerprint.of(issuerKeys.publicKeys());
  }

  /** The settlement service, for embedding and the settlement benchmark (in-process, without HTTP). */
  public Settlement settlement() {
    return settlement;
  }

  /** The FX rates current now; new flights' bundles carry them (see {@link FxSnapshots}). */
  public List<FxRate> fxRates() {
    return fx.current().map(FxSnapshots.Snapshot::rates).orElse(List.of());
  }

  /** The operator's key; the CLI shows it once after a first start. */
  public String adminKey() {
    return adminKey;
  }

  public IssuerKeyRing issuerKeys() {
    return issuerKeys;
  }

  /** Every endpoint this server answers, for checks against the OpenAPI document. */
  public List<Routes.Route> routes() {
    return routes.all();
  }

  @Override
  public void close() {
    closeAll(resources);
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        LOG.error("while shutting down", e);
      }
    }
    resources.clear();
  }
}
