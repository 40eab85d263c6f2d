package io.aloft.protocol.message;

import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import java.util.ArrayList;
import java.util.List;

/**
 * A wallet asking for the outcome of some of its payments; answered with a
 * {@link SettlementReport}. Not signed: the request is authenticated as the passenger's account,
 * and the server answers only for that account's credentials.
 *
 * <pre>
 *   version, type     u8, u8 (1, 0x0C)
 *   paymentIds        count ≤ 100, each serial 8 bytes + counter varint
 * </pre>
 */
public record OutcomeQuery(List<PaymentId> paymentIds) {
  public static final int MAX_PAYMENTS = 100;

  public OutcomeQuery {
    if (paymentIds == null || paymentIds.size() > MAX_PAYMENTS) {
      throw new IllegalArgumentException("a query names at most " + MAX_PAYMENTS + " payments");
    }
    paymentIds = List.copyOf(paymentIds);
  }

  public byte[] encode() {
    ByteWriter out = new ByteWriter();
    Wire.writeHeader(out, MessageType.OUTCOME_QUERY);
    out.varint(paymentIds.size());
    paymentIds.forEach(id -> out.fixed(id.serial().value(), CredentialSerial.LENGTH).varint(id.counter()));
    return out.toByteArray();
  }

  public static OutcomeQuery decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    Wire.readHeader(in, MessageType.OUTCOME_QUERY);
    int count = in.count(MAX_PAYMENTS);
    List<PaymentId> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      CredentialSerial serial = Wire.readSerial(in);
      long counter = Wire.readCounter(in);
      ids.add(Wire.construct(() -> new PaymentId(serial, counter)));
    }
    in.finish();
    return Wire.construct(() -> new OutcomeQuery(ids));
  }
}
