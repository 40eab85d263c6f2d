package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signer;

/**
 * A terminal's signed answer to the random challenge a cabin peer sent it when they connected:
 * proof that the other end of the connection holds the key of a terminal certified for the
 * flight. Each side sends a challenge and answers the other's, so the authentication is mutual.
 *
 * <pre>
 *   version, type     u8, u8 (1, 0x0E)
 *   terminalId        u32 ≥ 1: the terminal answering (the signer)
 *   peerTerminalId    u32 ≥ 1: the terminal whose challenge this answers
 *   flightId          u32 ≥ 1
 *   challenge         32 bytes: the peer's challenge, fresh random per connection
 *   signature         64 bytes, terminal Ed25519
 * </pre>
 * The connection itself is not encrypted: a digest is public to the cabin network and is
 * signed on its own, so a relay can read or drop digests but cannot forge or alter one.
 */
public record CabinHello(long terminalId, long peerTerminalId, long flightId, Bytes challenge, Bytes signature)
    implements SignedMessage {
  public static final int CHALLENGE_LENGTH = 32;

  public CabinHello {
    Wire.checkU32("terminalId", terminalId, 1);
    Wire.checkU32("peerTerminalId", peerTerminalId, 1);
    Wire.checkU32("flightId", flightId, 1);
    if (challenge == null || challenge.size() != CHALLENGE_LENGTH) {
      throw new IllegalArgumentException("challenge must be " + CHALLENGE_LENGTH + " bytes");
    }
    if (signature == null || !signature.isEmpty()) {
      Wire.checkSignature(signature);
    }
  }

  @Override
  public MessageType type() {
    return MessageType.CABIN_HELLO;
  }

  public CabinHello signedBy(Signer terminal) {
    CabinHello unsigned = new CabinHello(terminalId, peerTerminalId, flightId, challenge, Bytes.empty());
    return new CabinHello(terminalId, peerTerminalId, flightId, challenge,
        Bytes.of(terminal.sign(unsigned.signingInput())));
  }

  @Override
  public void writeBody(ByteWriter out) {
    Wire.writeHeader(out, type());
    out.u32(terminalId).u32(peerTerminalId).u32(flightId).fixed(challenge, CHALLENGE_LENGTH);
  }

  public static CabinHello decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    Wire.readHeader(in, MessageType.CABIN_HELLO);
    long terminalId = Wire.readId(in);
    long peerTerminalId = Wire.readId(in);
    long flightId = Wire.readId(in);
    Bytes challenge = in.fixed(CHALLENGE_LENGTH);
    Bytes signature = Wire.readSignature(in);
    in.finish();
    return Wire.construct(() -> new CabinHello(terminalId, peerTerminalId, flightId, challenge, signature));
  }
}
