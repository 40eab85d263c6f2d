package io.aloft.server.airline;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.OneScanPolicy;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.Money;
import io.aloft.server.account.Accounts;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.Json;
import io.aloft.server.http.PageRequest;
import io.aloft.server.http.PageRequest.Page;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Reply;
import io.aloft.server.http.RequestIds;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.aloft.server.http.Views.MoneyView;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** HTTP endpoints for airlines, their flights and terminals. An airline sees and changes only its own. */
public final class AirlineRoutes {
  /** No scheduled flight is longer than this; anything longer is a data-entry mistake. */
  static final Duration MAX_FLIGHT_DURATION = Duration.ofHours(30);
  /** Flights are scheduled at most this far ahead; it also keeps credential validity inside its 16-bit hours. */
  static final Duration MAX_SCHEDULE_AHEAD = Duration.ofDays(400);

  private final Airlines airlines;
  private final Terminals terminals;
  private final Authenticator authenticator;
  private final Idempotency idempotency;
  private final Clock clock;

  public AirlineRoutes(Airlines airlines, Terminals terminals, Authenticator authenticator, Idempotency idempotency,
      Clock clock) {
    this.airlines = airlines;
    this.terminals = terminals;
    this.authenticator = authenticator;
    this.idempotency = idempotency;
    this.clock = clock;
  }

  public void register(Routes routes) {
    routes.post("/v1/airlines", this::createAirline);
    routes.get("/v1/airlines/{airlineId}", this::getAirline);
    routes.post("/v1/airlines/{airlineId}/flights", this::createFlight);
    routes.get("/v1/airlines/{airlineId}/flights", this::listFlights);
    routes.get("/v1/flights/{flightId}", this::getFlight);
    routes.post("/v1/airlines/{airlineId}/terminals", this::registerTerminal);
    routes.get("/v1/airlines/{airlineId}/terminals", this::listTerminals);
    routes.post("/v1/terminals/{terminalId}/revoke", this::revokeTerminal);
  }

  record CreateAirline(String code, String name, String currency) {}

  record AirlineView(long id, String code, String name, String currency, String createdAt) {
    static AirlineView of(Airline airline) {
      return new AirlineView(airline.id(), airline.code(), airline.name(), airline.currency().code(),
          airline.createdAt().toString());
    }
  }

  record CreatedAirlineView(AirlineView airline, String merchantApiKey) {}

  private void createAirline(Context ctx) {
    Principal principal = authenticator.require(ctx);
    Authenticator.requireAdmin(principal);
    CreateAirline request = Json.read(ctx.bodyAsBytes(), CreateAirline.class);
    String code = Requests.required(request.code(), "code");
    if (!code.matches("[A-Z0-9]{2,3}")) {
      throw ApiProblem.invalidRequest("Field 'code' must be a 2-letter IATA or 3-letter ICAO airline code in capitals.");
    }
    String name = Requests.text(request.name(), "name", 100);
    CurrencyUnit currency = Requests.currency(request.currency(), "currency");
    idempotency.run(ctx, principal, () -> airlines.create(code, name, currency)
        .map(created -> Reply.created(new CreatedAirlineView(AirlineView.of(created.airline()), created.merchantApiKey())))
        .orElseThrow(() -> ApiProblem.conflict("An airline with code " + code + " already exists.")));
  }

  private void getAirline(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long id = Requests.pathId(ctx, "airlineId");
    Authenticator.requireAdminOrAirlineDevice(principal, id);
    ctx.json(AirlineView.of(airline(id)));
  }

  /**
   * @param oneScanWindowSeconds how long a one-scan code is good; default 120, 10..3600
   * @param oneScanMaxAmounts the largest one-scan payment per credential currency; default none
   */
  record CreateFlight(String flightNumber, String flightDate, String scheduledDeparture, String scheduledArrival,
      Integer oneScanWindowSeconds, List<MoneyBody> oneScanMaxAmounts) {}

  record MoneyBody(Long amountMinor, String currency) {}

  record FlightView(long id, long airlineId, String flightNumber, String flightCode, String flightDate,
      String scheduledDeparture, String scheduledArrival, long oneScanWindowSeconds,
      List<MoneyView> oneScanMaxAmounts) {}

  private void createFlight(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long airlineId = Requests.pathId(ctx, "airlineId");
    Authenticator.requireAdminOrAirline(principal, airlineId);
    Airline airline = airline(airlineId);
    Airlines.NewFlight flight = newFlight(Json.read(ctx.bodyAsBytes(), CreateFlight.class));
    if (flight.scheduledDeparture().isAfter(clock.instant().plus(MAX_SCHEDULE_AHEAD))) {
      throw ApiProblem.invalidRequest("scheduledDeparture may be at most " + MAX_SCHEDULE_AHEAD.toDays() + " days ahead.");
    }
    idempotency.run(ctx, principal, () -> airlines.createFlight(airlineId, flight)
        .map(created -> Reply.created(view(created, airline)))
        .orElseThrow(() -> ApiProblem.conflict("Flight " + airline.code() + flight.flightNumber() + " on "
            + flight.flightDate() + " already exists.")));
  }

  private static Airlines.NewFlight newFlight(CreateFlight request) {
    String number = Requests.required(request.flightNumber(), "flightNumber");
    if (!number.matches("[0-9]{1,4}[A-Z]?")) {
      throw ApiProblem.invalidRequest("Field 'flightNumber' must be 1 to 4 digits and an optional capital letter.");
    }
    LocalDate date = Requests.date(request.flightDate(), "flightDate");
    Instant departure = Requests.instant(request.scheduledDeparture(), "scheduledDeparture");
    Instant arrival = Requests.instant(request.scheduledArrival(), "scheduledArrival");
    if (!arrival.isAfter(departure) || Duration.between(departure, arrival).compareTo(MAX_FLIGHT_DURATION) > 0) {
      throw ApiProblem.invalidRequest("scheduledArrival must be after scheduledDeparture and at most "
          + MAX_FLIGHT_DURATION.toHours() + " hours later.");
    }
    if (Math.abs(departure.atZone(java.time.ZoneOffset.UTC).toLocalDate().toEpochDay() - date.toEpochDay()) > 1) {
      throw ApiProblem.invalidRequest("scheduledDeparture must fall within a day of flightDate.");
    }
    return new Airlines.NewFlight(number, date, departure, arrival, oneScanPolicy(request));
  }

  private static OneScanPolicy oneScanPolicy(CreateFlight request) {
    long window = request.oneScanWindowSeconds() == null ? OneScanPolicy.DEFAULT_WINDOW.toSeconds()
        : request.oneScanWindowSeconds();
    if (window < OneScanPolicy.MIN_WINDOW.toSeconds() || window > OneScanPolicy.MAX_WINDOW.toSeconds()) {
      throw ApiProblem.invalidRequest("Field 'oneScanWindowSeconds' must be " + OneScanPolicy.MIN_WINDOW.toSeconds()
          + " to " + OneScanPolicy.MAX_WINDOW.toSeconds() + ", got " + window + ".");
    }
    List<MoneyBody> bodies = request.oneScanMaxAmounts() == null ? List.of() : request.oneScanMaxAmounts();
    if (bodies.size() > OneScanPolicy.MAX_AMOUNTS) {
      throw ApiProblem.invalidRequest("Field 'oneScanMaxAmounts' may list at most " + OneScanPolicy.MAX_AMOUNTS
          + " currencies.");
    }
    List<Money> maxAmounts = new java.util.ArrayList<>();
    for (MoneyBody body : bodies) {
      if (body == null) {
        throw ApiProblem.invalidRequest("Field 'oneScanMaxAmounts' must not hold null.");
      }
      Money max = Requests.money(body.amountMinor(), body.currency(), "oneScanMaxAmounts[].amount", 1,
          Accounts.MAX_BALANCE_MINOR);
      if (maxAmounts.stream().anyMatch(m -> m.currency().equals(max.currency()))) {
        throw ApiProblem.invalidRequest("Field 'oneScanMaxAmounts' names " + max.currency() + " twice.");
      }
      maxAmounts.add(max);
    }
    return new OneScanPolicy(Duration.ofSeconds(window), maxAmounts);
  }

  private void listFlights(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long airlineId = Requests.pathId(ctx, "airlineId");
    Authenticator.requireAdminOrAirline(principal, airlineId);
    Airline airline = airline(airlineId);
    PageRequest request = PageRequest.of(ctx);
    Airlines.FlightPage page = airlines.flightsPage(new Airlines.FlightFilter(Optional.of(airlineId),
        Optional.empty(), Optional.empty()), request.startingAfter(), request.limit());
    ctx.json(new Page<>(page.flights(), page.hasMore()).map(flight -> view(flight, airline)));
  }

  /** Any authenticated caller may read a flight: wallets need it to choose what to enrol for. */
  private void getFlight(Context ctx) {
    authenticator.require(ctx);
    long flightId = Requests.pathId(ctx, "flightId");
    Flight flight = airlines.findFlight(flightId)
        .orElseThrow(() -> ApiProblem.notFound("No flight has id " + flightId + "."));
    ctx.json(view(flight, airline(flight.airlineId())));
  }

  static FlightView view(Flight flight, Airline airline) {
    return new FlightView(flight.id(), flight.airlineId(), flight.flightNumber(), flight.flightCode(airline),
        flight.flightDate().toString(), flight.scheduledDeparture().toString(), flight.scheduledArrival().toString(),
        flight.oneScan().window().toSeconds(), flight.oneScan().maxAmounts().stream().map(MoneyView::of).toList());
  }

  record RegisterTerminal(String publicKey, String displayName) {}

  record TerminalView(long id, long airlineId, String displayName, String publicKey, String certificate,
      String createdAt, String revokedAt) {
    static TerminalView of(Terminal terminal) {
      return new TerminalView(terminal.id(), terminal.airlineId(), terminal.displayName(),
          base64(terminal.publicKey()), base64(terminal.certificate()), terminal.createdAt().toString(),
          terminal.revokedAt().map(Instant::toString).orElse(null));
    }
  }

  record RegisteredView(TerminalView terminal, String certificate, String certificateQr, String validUntil) {}

  /**
   * Enrols a terminal: under the airline's merchant key, the operator's, or one of the airline's
   * one-time registration codes, which this uses up.
   */
  private void registerTerminal(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long airlineId = Requests.pathId(ctx, "airlineId");
    Optional<byte[]> code = Optional.empty();
    if (principal instanceof Principal.Registration registration && registration.airlineId() == airlineId) {
      code = Optional.of(io.aloft.server.http.Secrets.hash(bearerSecret(ctx)));
    } else {
      Authenticator.requireAdminOrAirline(principal, airlineId);
    }
    Airline airline = airline(airlineId);
    RegisterTerminal request = Json.read(ctx.bodyAsBytes(), RegisterTerminal.class);
    VerificationKey key = terminalKey(Requests.base64(request.publicKey(), "publicKey", 64));
    String name = Requests.text(request.displayName(), "displayName", TerminalCertificate.MAX_DISPLAY_NAME_BYTES);
    if (name.getBytes(StandardCharsets.UTF_8).length > TerminalCertificate.MAX_DISPLAY_NAME_BYTES) {
      throw ApiProblem.invalidRequest("Field 'displayName' must be at most "
          + TerminalCertificate.MAX_DISPLAY_NAME_BYTES + " bytes of UTF-8.");
    }
    Optional<byte[]> registrationCode = code;
    idempotency.run(ctx, principal, () -> registered(terminals.register(airline, key, name, registrationCode)));
  }

  private static String bearerSecret(Context ctx) {
    return ctx.header("Authorization").substring("Bearer ".length()).trim();
  }

  private static Reply registered(Terminals.Registration registration) {
    if (registration instanceof Terminals.Registration.Registered done) {
      TerminalCertificate certificate = done.certificate();
      return Reply.created(new RegisteredView(TerminalView.of(done.terminal()),
          Base64.getEncoder().encodeToString(certificate.encode()), certificate.toQrText(),
          certificate.validUntil().toString()));
    }
    if (registration instanceof Terminals.Registration.TooManyTerminals many) {
      throw ApiProblem.conflict("The airline already has " + many.max() + " active terminals; revoke one first.");
    }
    if (registration instanceof Terminals.Registration.CodeNotUsable) {
      throw ApiProblem.of(409, "registration-code-used", "Registration code already used",
          "A registration code enrols one terminal once; ask the airline or operator for a new one.");
    }
    throw ApiProblem.conflict("This public key is already registered to a terminal.");
  }

  private static VerificationKey terminalKey(byte[] encoded) {
    if (encoded.length != SignatureAlgorithm.ED25519.publicKeyLength()) {
      throw ApiProblem.invalidRequest("Field 'publicKey' must be a 32-byte Ed25519 public key.");
    }
    VerificationKey key = new VerificationKey(SignatureAlgorithm.ED25519, Bytes.of(encoded));
    if (!key.isWellFormed()) {
      throw ApiProblem.invalidRequest("Field 'publicKey' is not a valid Ed25519 public key.");
    }
    return key;
  }

  private void listTerminals(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long airlineId = Requests.pathId(ctx, "airlineId");
    Authenticator.requireAdminOrAirline(principal, airlineId);
    airline(airlineId);
    PageRequest request = PageRequest.of(ctx);
    Terminals.TerminalPage page = terminals.page(Optional.of(airlineId), request.startingAfter(), request.limit());
    ctx.json(new Page<>(page.terminals(), page.hasMore()).map(TerminalView::of));
  }

  private void revokeTerminal(Context ctx) {
    Principal principal = authenticator.require(ctx);
    long terminalId = Requests.pathId(ctx, "terminalId");
    Authenticator.requireVisibleToAirline(principal, terminals.find(terminalId).map(Terminal::airlineId),
        "No terminal has id " + terminalId + ".");
    Optional<Long> scope = principal instanceof Principal.Merchant merchant ? Optional.of(merchant.airlineId())
        : Optional.empty();
    idempotency.run(ctx, principal, () -> {
      if (terminals.revoke(terminalId, scope, principal.name(), RequestIds.of(ctx))
          instanceof Terminals.Revocation.Revoked revoked) {
        return Reply.ok(TerminalView.of(revoked.terminal()));
      }
      throw ApiProblem.notFound("No terminal has id " + terminalId + ".");
    });
  }

  private Airline airline(long id) {
    return airlines.find(id).orElseThrow(() -> ApiProblem.notFound("No airline has id " + id + "."));
  }

  private static String base64(Bytes bytes) {
    return Base64.getEncoder().encodeToString(bytes.toByteArray());
  }
}
