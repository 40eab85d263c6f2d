package io.aloft.server.console;

import io.aloft.server.http.Routes;
import io.aloft.server.settlement.CaseFile;
import io.aloft.server.settlement.CaseResolutions;
import io.aloft.server.settlement.Resolution;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A case's page ({@code /console/cases/{caseId}}): its evidence decoded, every acceptance side
 * by side, and for the operator the resolutions that fit it. A resolution is confirmed on a page
 * of its own that restates what it moves, then posted ({@link CaseResolutions}, the service the
 * JSON API uses). The confirmation form carries a one-time token: submitting it twice resolves
 * once and shows the result.
 */
public final class CasePages {
  private final Console console;
  private final CaseResolutions cases;

  public CasePages(Console console, CaseResolutions cases) {
    this.console = console;
    this.cases = cases;
  }

  /** The case page's model: the case, its acceptances grouped by counter, and whether it was just resolved. */
  public record CaseView(CaseFile file, List<Counter> counters, boolean justResolved) {}

  /** The acceptances of one counter; {@code conflicting} when they carry more than one authorization. */
  public record Counter(long counter, List<CaseFile.Acceptance> acceptances, boolean conflicting) {}

  /** The confirmation page: what the resolution moves, the note so far and what is wrong with it. */
  public record Confirm(CaseFile file, CaseFile.Offer offer, String note, String formToken, Optional<String> error) {
    public int maxNote() {
      return CaseResolutions.MAX_NOTE_LENGTH;
    }
  }

  public void register(Routes routes) {
    console.page(routes, "/console/cases/{caseId}", this::casePage);
    console.operatorPage(routes, "/console/cases/{caseId}/resolve", this::confirmPage);
    console.operatorAction(routes, "/console/cases/{caseId}/resolve", this::resolve);
  }

  private void casePage(Context ctx, Visit visit) {
    Optional<CaseFile> file = visibleCase(ctx, visit);
    if (file.isEmpty()) {
      return;
    }
    CaseFile shown = visit.operator() ? file.get() : file.get().forAirline();
    console.render(ctx, "console/case.jte", page(visit, ctx, shown),
        new CaseView(shown, counters(shown.acceptances()), "1".equals(ctx.queryParam("resolved"))));
  }

  private void confirmPage(Context ctx, Visit visit) {
    Optional<CaseFile> file = visibleCase(ctx, visit);
    if (file.isEmpty()) {
      return;
    }
    Optional<CaseFile.Offer> offer = offer(file.get(), ctx.queryParam("resolution"));
    if (offer.isEmpty()) {
      notOffered(ctx, visit, file.get());
      return;
    }
    console.render(ctx, "console/caseresolve.jte", page(visit, ctx, file.get()),
        new Confirm(file.get(), offer.get(), "", console.randomHex(16), Optional.empty()));
  }

  private void resolve(Context ctx, Visit visit) {
    Optional<CaseFile> file = visibleCase(ctx, visit);
    if (file.isEmpty()) {
      return;
    }
    String formToken = Optional.ofNullable(ctx.formParam("form_token")).orElse("");
    Optional<Resolution> resolution = Resolution.fromWireName(String.valueOf(ctx.formParam("resolution")));
    if (resolution.isEmpty() || formToken.isEmpty() || formToken.length() > 128) {
      console.problem(ctx, visit, 400, "casefile.error.form.heading", "casefile.error.form.message");
      return;
    }
    String note = Optional.ofNullable(ctx.formParam("note")).orElse("");
    if (CaseResolutions.noteProblem(note).isPresent()) {
      Optional<CaseFile.Offer> offer = offer(file.get(), resolution.get().wireName());
      if (offer.isEmpty()) {
        notOffered(ctx, visit, file.get());
        return;
      }
      ctx.status(400);
      String errorKey = note.isBlank() ? "casefile.confirm.error.empty" : "casefile.confirm.error.invalid";
      console.render(ctx, "console/caseresolve.jte", page(visit, ctx, file.get()), new Confirm(file.get(), offer.get(),
          note.length() > CaseResolutions.MAX_NOTE_LENGTH * 2 ? "" : note, formToken, Optional.of(errorKey)));
      return;
    }
    CaseResolutions.Outcome outcome = cases.resolve(file.get().id(), new CaseResolutions.Request(resolution.get(),
        note, visit.actor(), visit.requestId(), Optional.of(formToken)));
    String casePath = "/console/cases/" + file.get().id();
    if (outcome instanceof CaseResolutions.Outcome.Resolved
        || outcome instanceof CaseResolutions.Outcome.AlreadyClosed closed && closed.bySameForm()) {
      ctx.redirect(casePath + "?resolved=1");
    } else if (outcome instanceof CaseResolutions.Outcome.AlreadyClosed) {
      console.problem(ctx, visit, 409, "casefile.error.closed.heading", "casefile.error.closed.message");
    } else if (outcome instanceof CaseResolutions.Outcome.DoesNotFit) {
      notOffered(ctx, visit, file.get());
    } else {
      console.problem(ctx, visit, 404, "error.notFound.heading", "casefile.error.missing");
    }
  }

  private void notOffered(Context ctx, Visit visit, CaseFile file) {
    console.problem(ctx, visit, file.open() ? 422 : 409, file.open() ? "casefile.error.misfit.heading"
        : "casefile.error.closed.heading", file.open() ? "casefile.error.misfit.message"
        : "casefile.error.closed.message");
  }

  private static Optional<CaseFile.Offer> offer(CaseFile file, String resolution) {
    return file.resolutions().stream().filter(offer -> offer.resolution().equals(resolution)).findFirst();
  }

  private static Page page(Visit visit, Context ctx, CaseFile file) {
    Page page = visit.page("casefile.title", "cases", ctx.path());
    return page.titled(page.t("casefile.heading", file.id()) + " · " + page.label("case", file.kind()));
  }

  /**
   * The case in the path if this viewer may see it; otherwise renders the refusal and returns
   * empty. An airline gets the same 403 for another airline's case and for one that does not
   * exist, so that case ids reveal nothing.
   */
  private Optional<CaseFile> visibleCase(Context ctx, Visit visit) {
    Optional<CaseFile> file = Console.longParam(ctx.pathParam("caseId")).flatMap(cases::find);
    boolean visible = file.isPresent()
        && visit.scope().map(airline -> airline.equals(file.get().airlineId())).orElse(true);
    if (visible) {
      return file;
    }
    if (visit.scope().isPresent()) {
      console.problem(ctx, visit, 403, "error.forbidden.heading", "casefile.error.forbidden");
    } else {
      console.problem(ctx, visit, 404, "error.notFound.heading", "casefile.error.missing");
    }
    return Optional.empty();
  }

  /** Acceptances by counter, so that two authorizations under one counter stand side by side, those first. */
  static List<Counter> counters(List<CaseFile.Acceptance> acceptances) {
    Map<Long, List<CaseFile.Acceptance>> byCounter = new TreeMap<>();
    for (CaseFile.Acceptance acceptance : acceptances) {
      byCounter.computeIfAbsent(acceptance.counter(), k -> new ArrayList<>()).add(acceptance);
    }
    List<Counter> counters = new ArrayList<>();
    byCounter.forEach((counter, list) -> counters.add(new Counter(counter, list,
        list.stream().map(CaseFile.Acceptance::contentDigest).distinct().count() > 1)));
    // What the case is about first: the counters that carry more than one authorization.
    counters.sort(Comparator.comparing((Counter counter) -> !counter.conflicting())
        .thenComparingLong(Counter::counter));
    return counters;
  }
}
