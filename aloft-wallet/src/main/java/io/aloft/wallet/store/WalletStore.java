package io.aloft.wallet.store;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.wallet.bills.Bill;
import io.aloft.wallet.bills.BillState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the wallet keeps on the device. {@link SqliteWalletStore} is the JVM implementation;
 * an app may implement this over its platform's SQLite binding, and must then keep the one
 * guarantee the wallet's safety rests on: {@link #recordIssued} is atomic and durable when it
 * returns (WAL with {@code synchronous=FULL} in SQLite terms).
 *
 * <p>Storage failures are a broken environment, not an expected outcome: implementations throw
 * {@link io.aloft.protocol.sqlite.StorageException}, as the terminal's storage does, and the wallet
 * does not carry on around it. Records read back that break their invariants throw
 * {@link IllegalStateException}.
 */
public interface WalletStore extends AutoCloseable {
  /** The most bills one query returns. */
  int MAX_PAGE = 1000;
  /** The most credentials {@link #credentials} returns: one per enrolment, kept with their bills. */
  int MAX_CREDENTIALS = 1000;

  /**
   * Makes {@code credential} the active credential, with {@code bundle} installed. A serial seen
   * before keeps its spend state: re-saving a credential never resets its counter.
   */
  void saveEnrolment(OfflineCredential credential, TrustBundle bundle);

  /**
   * Keeps a credential the issuer just issued, before its bundle is installed, so an enrolment
   * interrupted after issuing resumes with it instead of asking for another. It does not become
   * active; a serial already stored is left as it is.
   */
  void saveIssued(OfflineCredential credential);

  /** Every stored credential, active or not, oldest first, at most {@link #MAX_CREDENTIALS}. */
  List<OfflineCredential> credentials();

  /** How many bills of {@code serial} are still pending. */
  int pendingCount(CredentialSerial serial);

  /** Replaces the installed trust bundle. */
  void saveBundle(TrustBundle bundle);

  Optional<OfflineCredential> activeCredential();

  Optional<TrustBundle> bundle();

  /** {@link SpendState#NONE} for a serial that never paid. */
  SpendState spendState(CredentialSerial serial);

  /**
   * The commit point of a payment: in one transaction, moves the spend state of the bill's serial
   * from {@code before} to the bill's counter and cumulative spend, and inserts the bill. When
   * this returns, both are durable; only then may the authorization leave the wallet.
   *
   * @throws IllegalStateException if the stored spend state is not {@code before} (another
   *     writer got there first); nothing is written then
   */
  void recordIssued(Bill bill, SpendState before);

  /**
   * Replaces the code of a pending one-scan bill by the same payment signed again at a later
   * time (a refreshed code): same payment id, kind, amounts and cumulative spend, no receipt yet.
   * The spend state does not change. Durable when it returns, like {@link #recordIssued}.
   *
   * @throws IllegalStateException if the stored bill is not such a bill; nothing is written then
   */
  void recordRefreshed(Bill refreshed);

  /** The issuer's clock minus the device's, as last measured; empty before the first measurement. */
  Optional<Duration> issuerClockOffset();

  /** Replaces the stored offset durably. */
  void saveIssuerClockOffset(Duration offset);

  Optional<Bill> bill(PaymentId id);

  /** The handshake bill that answered the request with this SHA-256 digest, if any. */
  Optional<Bill> billForRequest(Bytes requestDigest);

  /**
   * Bills in payment id order, after {@code after} if given, in {@code state} if given, at most
   * {@code limit} (≤ {@link #MAX_PAGE}).
   */
  List<Bill> bills(Optional<BillState> state, Optional<PaymentId> after, int limit);

  /** The most recently issued bills first, at most {@code limit} (≤ {@link #MAX_PAGE}). */
  List<Bill> recentBills(int limit);

  /**
   * Stores what changed on an existing bill: state, receipt, refunds (added, never removed),
   * settled charge and detail. The authorization and everything signed stay as issued.
   */
  void updateBill(Bill bill);

  PendingSummary pendingSummary();

  @Override
  void close();
}
