package io.aloft.server.console;

import io.aloft.server.http.Principal;
import java.util.Optional;

/** A signed-in request: the session, the language, and the request id every page shows. */
record Visit(ConsoleSessions.Session session, Language language, String requestId) {

  Principal principal() {
    return session.principal();
  }

  boolean operator() {
    return principal() instanceof Principal.Admin;
  }

  /** The airline the viewer is limited to; empty for the operator. */
  Optional<Long> scope() {
    return principal() instanceof Principal.Merchant merchant ? Optional.of(merchant.airlineId()) : Optional.empty();
  }

  /**
   * Who acts, as the audit log names them: {@code admin}, {@code airline:7}, or for a console user
   * {@code airline:7/user:alice}, which the airline's own audit view includes.
   */
  String actor() {
    return session.username().map(user -> principal().name() + "/user:" + user).orElse(principal().name());
  }

  Page page(String titleKey, String section, String path) {
    return new Page(language, language.text(titleKey), section, Optional.of(principal()), session.username(),
        session.csrfToken(), requestId, path);
  }
}
