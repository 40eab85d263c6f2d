package io.aloft.server.trust;

import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.protocol.money.FxRate;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Json;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The operator's FX rates: anyone signed in reads the current table, the operator replaces it. A
 * new table is current from the moment it is stored; flights that departed before keep theirs.
 */
public final class FxRoutes {
  private final FxSnapshots snapshots;
  private final Authenticator authenticator;

  public FxRoutes(FxSnapshots snapshots, Authenticator authenticator) {
    this.snapshots = snapshots;
    this.authenticator = authenticator;
  }

  public void register(Routes routes) {
    routes.get("/v1/fx-rates", this::current);
    routes.put("/v1/fx-rates", this::replace);
  }

  /** @param rate units of {@code to} for one unit of {@code from}, as a decimal string with at most 9 decimals */
  record RateBody(String from, String to, String rate) {}

  record SetRates(List<RateBody> rates) {}

  /** @param snapshotId null (with effectiveAt and source) while no rates were ever set */
  record RatesView(Long snapshotId, String effectiveAt, String source, List<RateBody> rates) {
    static RatesView of(Optional<FxSnapshots.Snapshot> snapshot) {
      if (snapshot.isEmpty()) {
        return new RatesView(null, null, null, List.of());
      }
      FxSnapshots.Snapshot s = snapshot.get();
      return new RatesView(s.id(), s.effectiveAt().toString(), s.source().column(), s.rates().stream()
          .map(r -> new RateBody(r.from().code(), r.to().code(), r.decimal())).toList());
    }
  }

  private void current(Context ctx) {
    authenticator.require(ctx);
    ctx.json(RatesView.of(snapshots.current()));
  }

  private void replace(Context ctx) {
    Principal principal = authenticator.require(ctx);
    Authenticator.requireAdmin(principal);
    List<FxRate> rates = rates(Json.read(ctx.bodyAsBytes(), SetRates.class));
    Optional<FxSnapshots.Snapshot> current = snapshots.current();
    if (current.isPresent() && current.get().hasRates(rates)) {
      // The same table again (a retried PUT) changes nothing, and moves no bundle version.
      ctx.json(RatesView.of(current));
      return;
    }
    ctx.json(RatesView.of(Optional.of(snapshots.set(rates, FxSnapshots.Source.API))));
  }

  private static List<FxRate> rates(SetRates request) {
    List<RateBody> bodies = Requests.required(request.rates(), "rates");
    if (bodies.size() > TrustBundle.MAX_FX_RATES) {
      throw ApiProblem.invalidRequest("Field 'rates' holds at most " + TrustBundle.MAX_FX_RATES + " rates, got "
          + bodies.size() + ".");
    }
    List<FxRate> rates = new ArrayList<>();
    Set<String> pairs = new HashSet<>();
    for (int i = 0; i < bodies.size(); i++) {
      RateBody body = Requests.required(bodies.get(i), "rates[" + i + "]");
      CurrencyUnit from = Requests.currency(body.from(), "rates[" + i + "].from");
      CurrencyUnit to = Requests.currency(body.to(), "rates[" + i + "].to");
      if (from.equals(to)) {
        throw ApiProblem.invalidRequest("Fields 'rates[" + i + "].from' and 'to' must differ, both are " + from + ".");
      }
      if (!pairs.add(from.code() + "/" + to.code())) {
        throw ApiProblem.invalidRequest("The rate " + from + "/" + to + " is given twice.");
      }
      try {
        rates.add(FxRate.ofDecimal(from, to, Requests.required(body.rate(), "rates[" + i + "].rate")));
      } catch (IllegalArgumentException e) {
        throw ApiProblem.invalidRequest("Field 'rates[" + i + "].rate': " + e.getMessage() + ".");
      }
    }
    return rates;
  }
}
