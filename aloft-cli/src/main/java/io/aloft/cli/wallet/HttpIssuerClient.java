package io.aloft.cli.wallet;

import io.aloft.cli.http.ApiException;
import io.aloft.cli.http.IssuerApi;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.wallet.issuer.BillUpload;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.issuer.OutcomeReport;
import java.util.Base64;
import java.util.List;

/**
 * The wallet SDK's way to the issuer over the CLI's HTTP client, authenticated with the
 * account's wallet token. Enrolment and bundles only: the server this CLI ships with has no
 * wallet upload endpoint yet, so {@link #uploadBills} and {@link #fetchOutcomes} say so.
 */
public final class HttpIssuerClient implements IssuerClient {
  private final IssuerApi api;

  public HttpIssuerClient(IssuerApi api) {
    this.api = api;
  }

  @Override
  public OfflineCredential enrol(long flightId, VerificationKey deviceKey) throws IssuerException {
    try {
      String encoded = api.enrol(flightId, deviceKey).at("/credential/credential").asText();
      return OfflineCredential.decode(Base64.getDecoder().decode(encoded));
    } catch (ApiException e) {
      throw translate(e);
    } catch (DecodeException | IllegalArgumentException e) {
      throw new IssuerException(IssuerException.Kind.BAD_ANSWER, "bad-credential", e.getMessage(), e);
    }
  }

  @Override
  public TrustBundle fetchBundle(long flightId) throws IssuerException {
    try {
      return TrustBundle.decode(api.trustBundle(flightId));
    } catch (ApiException e) {
      throw translate(e);
    } catch (DecodeException | IllegalArgumentException e) {
      throw new IssuerException(IssuerException.Kind.BAD_ANSWER, "bad-bundle", e.getMessage(), e);
    }
  }

  @Override
  public void uploadBills(List<BillUpload> bills) throws IssuerException {
    throw noSettlement();
  }

  @Override
  public OutcomeReport fetchOutcomes(List<PaymentId> paymentIds) throws IssuerException {
    throw noSettlement();
  }

  private IssuerException noSettlement() {
    return new IssuerException(IssuerException.Kind.UNREACHABLE, "no-endpoint", "the server at "
        + api.client().baseUrl() + " has no wallet upload endpoint yet (settlement is not part of this server)");
  }

  /** A refusal keeps the server's reason code and passenger sentence; anything else is "try later". */
  static IssuerException translate(ApiException e) {
    if (e.status() == 422) {
      return new IssuerException(IssuerException.Kind.REFUSED, e.member("reason").orElse(e.type()),
          e.member("message").orElse(e.getMessage()));
    }
    if (e.status() == 0 || e.status() >= 500) {
      return new IssuerException(IssuerException.Kind.UNREACHABLE, e.type(), e.getMessage(), e);
    }
    return new IssuerException(IssuerException.Kind.REFUSED, e.type(), e.getMessage(), e);
  }
}
