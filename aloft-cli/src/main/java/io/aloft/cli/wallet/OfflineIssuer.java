package io.aloft.cli.wallet;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.EnrolmentProof;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.wallet.issuer.BillUpload;
import io.aloft.wallet.issuer.IssuerClient;
import io.aloft.wallet.issuer.IssuerException;
import io.aloft.wallet.issuer.OutcomeReport;
import java.util.List;

/** The issuer as the offline wallet commands see it: unreachable, so they never open a connection. */
final class OfflineIssuer implements IssuerClient {
  static final OfflineIssuer INSTANCE = new OfflineIssuer();

  private OfflineIssuer() {}

  @Override
  public Bytes enrolmentChallenge(long flightId) throws IssuerException {
    throw offline();
  }

  @Override
  public OfflineCredential enrol(EnrolmentProof proof) throws IssuerException {
    throw offline();
  }

  @Override
  public TrustBundle fetchBundle(long flightId) throws IssuerException {
    throw offline();
  }

  @Override
  public OutcomeReport uploadBills(List<BillUpload> bills) throws IssuerException {
    throw offline();
  }

  @Override
  public OutcomeReport fetchOutcomes(List<PaymentId> paymentIds) throws IssuerException {
    throw offline();
  }

  private static IssuerException offline() {
    return new IssuerException(IssuerException.Kind.UNREACHABLE, "offline",
        "this command works offline; 'wallet enrol' and 'wallet sync' reach the server");
  }
}
