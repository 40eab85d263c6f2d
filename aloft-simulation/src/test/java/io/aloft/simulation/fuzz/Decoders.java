package io.aloft.simulation.fuzz;

import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.message.CabinDigest;
import io.aloft.protocol.message.CabinHello;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.Receipt;
import io.aloft.protocol.message.RefundNote;
import io.aloft.protocol.message.SignedMessage;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.message.TerminalCertificate;
import io.aloft.protocol.message.TrustBundle;
import java.util.List;

/**
 * Every top-level decoder of the protocol. The fuzzer hands every input to each of them, so a
 * message of one type thrown at another type's decoder is tried too. A new message type is one
 * line here.
 */
final class Decoders {
  private Decoders() {}

  interface Decoder {
    SignedMessage decode(byte[] encoded) throws DecodeException;
  }

  record Named(String name, Decoder decoder) {}

  static final List<Named> ALL = List.of(
      new Named("OfflineCredential", OfflineCredential::decode),
      new Named("TerminalCertificate", TerminalCertificate::decode),
      new Named("TrustBundle", TrustBundle::decode),
      new Named("PaymentRequest", PaymentRequest::decode),
      new Named("PaymentAuthorization", PaymentAuthorization::decode),
      new Named("Receipt", Receipt::decode),
      new Named("RefundNote", RefundNote::decode),
      new Named("TerminalBatch", TerminalBatch::decode),
      new Named("CabinDigest", CabinDigest::decode),
      new Named("CabinHello", CabinHello::decode));
}
