package io.aloft.protocol.rules;

import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.money.Money;
import java.util.Optional;

/**
 * What the wallet shows the payer before they confirm: who is asking (for a handshake), how
 * much, what it costs in the credential's currency, and the cumulative spend it will sign.
 */
public record Quote(
    Optional<TerminalCertificate> terminal,
    Money amount,
    Money signedCharge,
    Money cumulativeAfter) {}
