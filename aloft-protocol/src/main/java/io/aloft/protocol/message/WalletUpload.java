package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import java.util.ArrayList;
import java.util.List;

/**
 * A wallet's pending bills as it uploads them after landing. Not signed as a whole: every part
 * of a bill is signed by the payer's device or a terminal, and the upload is authenticated as the
 * passenger's account. Each part travels as the exact bytes the wallet holds, so the server can
 * decode and judge each bill on its own.
 *
 * <pre>
 *   version, type     u8, u8 (1, 0x0B)
 *   bills             count ≤ 100, each:
 *                       authorization  len 1..1024
 *                       request        len 0..2048 (0: one-scan)
 *                       receipt        len 0..512  (0: the passenger scanned none)
 *                       refunds        count ≤ 16, each len 1..512
 * </pre>
 */
public record WalletUpload(List<Bill> bills) {
  public static final int MAX_BILLS = 100;
  public static final int MAX_REFUNDS_PER_BILL = 16;

  /** One bill: the authorization, the request it answers (empty for one-scan), the receipt if scanned. */
  public record Bill(Bytes authorization, Bytes request, Bytes receipt, List<Bytes> refunds) {
    public Bill {
      checkSize("authorization", authorization, 1, BatchEntry.MAX_AUTHORIZATION_BYTES);
      checkSize("request", request, 0, BatchEntry.MAX_REQUEST_BYTES);
      checkSize("receipt", receipt, 0, BatchEntry.MAX_NOTE_BYTES);
      if (refunds == null || refunds.size() > MAX_REFUNDS_PER_BILL) {
        throw new IllegalArgumentException("a bill carries at most " + MAX_REFUNDS_PER_BILL + " refund notes");
      }
      refunds = List.copyOf(refunds);
      refunds.forEach(note -> checkSize("refund note", note, 1, BatchEntry.MAX_NOTE_BYTES));
    }
  }

  public WalletUpload {
    if (bills == null || bills.size() > MAX_BILLS) {
      throw new IllegalArgumentException("an upload holds at most " + MAX_BILLS + " bills");
    }
    bills = List.copyOf(bills);
  }

  public byte[] encode() {
    ByteWriter out = new ByteWriter();
    Wire.writeHeader(out, MessageType.WALLET_UPLOAD);
    out.varint(bills.size());
    for (Bill bill : bills) {
      out.bytes(bill.authorization(), BatchEntry.MAX_AUTHORIZATION_BYTES)
          .bytes(bill.request(), BatchEntry.MAX_REQUEST_BYTES)
          .bytes(bill.receipt(), BatchEntry.MAX_NOTE_BYTES)
          .varint(bill.refunds().size());
      bill.refunds().forEach(note -> out.bytes(note, BatchEntry.MAX_NOTE_BYTES));
    }
    return out.toByteArray();
  }

  public static WalletUpload decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    Wire.readHeader(in, MessageType.WALLET_UPLOAD);
    int count = in.count(MAX_BILLS);
    List<Bill> bills = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Bytes authorization = in.bytes(1, BatchEntry.MAX_AUTHORIZATION_BYTES);
      Bytes request = in.bytes(BatchEntry.MAX_REQUEST_BYTES);
      Bytes receipt = in.bytes(BatchEntry.MAX_NOTE_BYTES);
      int refundCount = in.count(MAX_REFUNDS_PER_BILL);
      List<Bytes> refunds = new ArrayList<>(refundCount);
      for (int r = 0; r < refundCount; r++) {
        refunds.add(in.bytes(1, BatchEntry.MAX_NOTE_BYTES));
      }
      bills.add(Wire.construct(() -> new Bill(authorization, request, receipt, refunds)));
    }
    in.finish();
    return Wire.construct(() -> new WalletUpload(bills));
  }

  private static void checkSize(String name, Bytes bytes, int min, int max) {
    if (bytes == null || bytes.size() < min || bytes.size() > max) {
      throw new IllegalArgumentException(name + " must be " + min + ".." + max + " bytes");
    }
  }
}
