package io.aloft.server.settlement;

import java.util.Locale;
import java.util.Optional;

/**
 * How an operator closes a case (docs/settlement.md, "Resolving a case"). Which of them fit a case
 * and what each moves is {@link ResolutionRules#offers}.
 */
public enum Resolution {
  /** The payer pays back what the guarantee account paid merchants for further acceptances of their code. */
  CHARGE_PAYER,
  /** The guarantee account gives the payer back what they were charged for the double spend. */
  CREDIT_PAYER,
  /** The provider keeps the loss: the arrears the case's payments left move to the guarantee account. */
  WRITE_OFF,
  /** Closed as it stands: no money moves. */
  CONFIRM;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Resolution> fromWireName(String name) {
    for (Resolution resolution : values()) {
      if (resolution.wireName().equals(name)) {
        return Optional.of(resolution);
      }
    }
    return Optional.empty();
  }
}
