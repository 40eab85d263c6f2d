package io.aloft.flight;

import io.aloft.protocol.client.RequestAuthorizer;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.Catalogue;
import io.aloft.protocol.message.IssuerKey;
import io.aloft.terminal.upload.Uploader;
import io.aloft.wallet.issuer.IssuerClient;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The server a flight runs against, as its operator, its airline and its devices reach it. The
 * CLI demo reaches it through the operator's API client; the simulation through its test harness,
 * with the devices' traffic on a faulty network. Every call the engine makes to the server goes
 * through here, so the engine itself holds no HTTP.
 */
public interface Ground {
  /** An airline the flight created: its id and the merchant key its crew's calls carry. */
  record Airline(long id, String merchantKey) {}

  /** A scheduled flight: the server's id and the code it shows (for example {@code AD142}). */
  record ScheduledFlight(long id, String code) {}

  /** A passenger's account: its id and the token the passenger's wallet authenticates with. */
  record Account(long id, String walletToken) {}

  /**
   * A flight's trust bundle as served: its signed encoding, and the issuer's time the answer
   * carried, from which a terminal corrects its own clock as a crew app does at every sync.
   */
  record Bundle(byte[] encoded, Optional<Instant> issuerTime) {}

  Airline createAirline(String name, String currency) throws GroundException;

  ScheduledFlight scheduleFlight(Airline airline, String flightNumber, Instant departure, Instant arrival)
      throws GroundException;

  void setCatalogue(Airline airline, Catalogue catalogue) throws GroundException;

  /** The issuer's published keys, which every device pins. */
  List<IssuerKey> issuerKeys() throws GroundException;

  /** Registers a crew terminal's public key with the airline; returns the terminal's id. */
  long registerTerminal(Airline airline, VerificationKey publicKey, String displayName) throws GroundException;

  Account openAccount(String displayName, int identityLevel, String currency, long openingBalanceMinor, int score)
      throws GroundException;

  /** The flight's signed trust bundle, fetched as the terminal whose requests {@code terminal} signs. */
  Bundle trustBundle(long flightId, RequestAuthorizer terminal) throws GroundException;

  /** The link a passenger's wallet talks to the issuer through. */
  IssuerClient issuerClient(String walletToken, List<IssuerKey> issuerKeys);

  /** Where a terminal uploads its batches, signing with {@code terminal}. */
  Uploader uploader(RequestAuthorizer terminal, List<IssuerKey> issuerKeys);

  /**
   * The clock the server checks request signatures against: the flight's own when the server
   * runs on it, else the real one.
   */
  Clock serverClock();

  /** A catalogue's items as {@code PUT /v1/airlines/{id}/catalogue} takes them. */
  static List<Map<String, Object>> asApiItems(Catalogue catalogue) {
    return catalogue.items().stream().map(i -> Map.<String, Object>of("sku", i.sku(), "category", i.category(),
        "nameEn", i.nameEn(), "nameZh", i.nameZh(),
        "unitPrice", Map.of("amountMinor", i.unitPriceMinor(), "currency", i.currency().code()))).toList();
  }

  /** The server could not do what the flight asked; the cause is the client's own exception. */
  final class GroundException extends Exception {
    private static final long serialVersionUID = 1L;

    public GroundException(String message, Exception cause) {
      super(message, cause);
    }
  }
}
