package io.aloft.protocol.message;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.ByteReader;
import io.aloft.protocol.codec.ByteWriter;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.Signer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * What one terminal of a flight has accepted, per credential, signed by that terminal so that the
 * other terminals in the cabin can count it as their own: a counter accepted at one cart is a
 * replay at every cart that merged the digest, and spend at one cart counts toward the total
 * limit at all of them. Merging is {@link io.aloft.protocol.rules.CabinView}'s.
 *
 * <pre>
 *   version, type        u8, u8 (1, 0x0D)
 *   terminalId           u32 ≥ 1: the terminal that accepted these payments and signs the digest
 *   flightId             u32 ≥ 1: the flight of the trust bundle it sells under
 *   madeAt               u32
 *   journalSequence      varint: the terminal's journal head when the digest was made
 *   journalHash          32 bytes: that head's chain hash
 *   credentials          count ≤ 1024, strictly ascending serial, each:
 *     serial               8 bytes
 *     highestCumulative    varint ≤ 10^15: the highest cumulative spend seen, ≥ every one listed
 *     payments             count 1..16, strictly ascending (counter, contentDigest), each:
 *       counter              varint 1..2^32−1
 *       contentDigest        16 bytes: first half of the authorization's content digest
 *       cumulative           varint ≤ 10^15: the cumulative spend the payer signed
 *       signedCharge         varint 1..cumulative: the charge in the credential's currency
 *   signature            64 bytes, terminal Ed25519
 * </pre>
 * A terminal that holds more lists the credentials it saw most recently and, per credential, the
 * highest counters; highestCumulative still covers the payments left out.
 */
public record CabinDigest(long terminalId, long flightId, Instant madeAt, long journalSequence,
    Bytes journalHash, List<Credential> credentials, Bytes signature) implements SignedMessage {
  public static final int MAX_CREDENTIALS = 1024;
  public static final int MAX_PAYMENTS_PER_CREDENTIAL = 16;
  public static final int JOURNAL_HASH_LENGTH = 32;
  public static final int DIGEST_LENGTH = Receipt.DIGEST_LENGTH;

  /** One accepted authorization, as a verifier must remember it. */
  public record Payment(long counter, Bytes contentDigest, long cumulativeMinor, long signedChargeMinor)
      implements Comparable<Payment> {
    private static final Comparator<Payment> ORDER =
        Comparator.comparingLong(Payment::counter).thenComparing(Payment::contentDigest);

    public Payment {
      Wire.checkU32("counter", counter, 1);
      if (contentDigest == null || contentDigest.size() != DIGEST_LENGTH) {
        throw new IllegalArgumentException("contentDigest must be " + DIGEST_LENGTH + " bytes");
      }
      Wire.checkAmount("cumulative", cumulativeMinor, 1);
      if (signedChargeMinor < 1 || signedChargeMinor > cumulativeMinor) {
        throw new IllegalArgumentException(
            "signedCharge must be 1.." + cumulativeMinor + ": " + signedChargeMinor);
      }
    }

    /** Ascending counter, then content digest: the wire order, and the order truncation keeps the top of. */
    @Override
    public int compareTo(Payment other) {
      return ORDER.compare(this, other);
    }

    /** Same counter and same content: the same authorization, wherever it was accepted. */
    public boolean sameAuthorization(Payment other) {
      return counter == other.counter && contentDigest.equals(other.contentDigest);
    }
  }

  /** What one terminal saw of one credential. */
  public record Credential(CredentialSerial serial, long highestCumulativeMinor, List<Payment> payments) {
    public Credential {
      if (serial == null || payments == null || payments.isEmpty()
          || payments.size() > MAX_PAYMENTS_PER_CREDENTIAL) {
        throw new IllegalArgumentException(
            "a credential lists 1.." + MAX_PAYMENTS_PER_CREDENTIAL + " payments and has a serial");
      }
      List<Payment> sorted = new ArrayList<>(payments);
      sorted.sort(Comparator.naturalOrder());
      for (int i = 1; i < sorted.size(); i++) {
        if (sorted.get(i - 1).compareTo(sorted.get(i)) == 0) {
          throw new IllegalArgumentException("payment " + sorted.get(i).counter() + " of " + serial + " listed twice");
        }
      }
      payments = List.copyOf(sorted);
      Wire.checkAmount("highestCumulative", highestCumulativeMinor, 1);
      long highestListed = payments.stream().mapToLong(Payment::cumulativeMinor).max().orElse(0);
      if (highestCumulativeMinor < highestListed) {
        throw new IllegalArgumentException("highestCumulative " + highestCumulativeMinor
            + " is below a listed cumulative " + highestListed);
      }
    }
  }

  public CabinDigest {
    Wire.checkU32("terminalId", terminalId, 1);
    Wire.checkU32("flightId", flightId, 1);
    Wire.checkTime("madeAt", madeAt);
    if (journalSequence < 0) {
      throw new IllegalArgumentException("journalSequence must not be negative: " + journalSequence);
    }
    if (journalHash == null || journalHash.size() != JOURNAL_HASH_LENGTH) {
      throw new IllegalArgumentException("journalHash must be " + JOURNAL_HASH_LENGTH + " bytes");
    }
    if (credentials == null || credentials.size() > MAX_CREDENTIALS) {
      throw new IllegalArgumentException("a cabin digest lists at most " + MAX_CREDENTIALS + " credentials");
    }
    List<Credential> sorted = new ArrayList<>(credentials);
    sorted.sort(Comparator.comparing(Credential::serial));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i - 1).serial().equals(sorted.get(i).serial())) {
        throw new IllegalArgumentException("credential " + sorted.get(i).serial() + " listed twice");
      }
    }
    credentials = List.copyOf(sorted);
    if (signature == null || !signature.isEmpty()) {
      Wire.checkSignature(signature);
    }
  }

  @Override
  public MessageType type() {
    return MessageType.CABIN_DIGEST;
  }

  public CabinDigest signedBy(Signer terminal) {
    CabinDigest unsigned = withSignature(Bytes.empty());
    return unsigned.withSignature(Bytes.of(terminal.sign(unsigned.signingInput())));
  }

  private CabinDigest withSignature(Bytes newSignature) {
    return new CabinDigest(terminalId, flightId, madeAt, journalSequence, journalHash, credentials, newSignature);
  }

  @Override
  public void writeBody(ByteWriter out) {
    Wire.writeHeader(out, type());
    out.u32(terminalId).u32(flightId);
    Wire.writeTime(out, madeAt);
    out.varint(journalSequence).fixed(journalHash, JOURNAL_HASH_LENGTH).varint(credentials.size());
    for (Credential credential : credentials) {
      out.fixed(credential.serial().value(), CredentialSerial.LENGTH).varint(credential.highestCumulativeMinor())
          .varint(credential.payments().size());
      for (Payment payment : credential.payments()) {
        out.varint(payment.counter()).fixed(payment.contentDigest(), DIGEST_LENGTH)
            .varint(payment.cumulativeMinor()).varint(payment.signedChargeMinor());
      }
    }
  }

  public static CabinDigest decode(byte[] encoded) throws DecodeException {
    ByteReader in = new ByteReader(encoded);
    Wire.readHeader(in, MessageType.CABIN_DIGEST);
    long terminalId = Wire.readId(in);
    long flightId = Wire.readId(in);
    Instant madeAt = Wire.readTime(in);
    long journalSequence = in.varint(Long.MAX_VALUE);
    Bytes journalHash = in.fixed(JOURNAL_HASH_LENGTH);
    int count = in.count(MAX_CREDENTIALS);
    List<Credential> credentials = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      credentials.add(readCredential(in));
    }
    Bytes signature = Wire.readSignature(in);
    in.finish();
    CabinDigest digest = Wire.construct(() -> new CabinDigest(terminalId, flightId, madeAt, journalSequence,
        journalHash, credentials, signature));
    // Lists must arrive in canonical order; the constructors sorted them, so compare bytes.
    if (!Arrays.equals(digest.encode(), encoded)) {
      throw Wire.nonCanonical("cabin digest lists are not in canonical order");
    }
    return digest;
  }

  private static Credential readCredential(ByteReader in) throws DecodeException {
    CredentialSerial serial = Wire.readSerial(in);
    long highest = Wire.readAmount(in, 1);
    int count = in.count(1, MAX_PAYMENTS_PER_CREDENTIAL);
    List<Payment> payments = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      long counter = Wire.readCounter(in);
      Bytes digest = in.fixed(DIGEST_LENGTH);
      long cumulative = Wire.readAmount(in, 1);
      long charge = Wire.readAmount(in, 1);
      payments.add(Wire.construct(() -> new Payment(counter, digest, cumulative, charge)));
    }
    return Wire.construct(() -> new Credential(serial, highest, payments));
  }

  /** The payments this digest lists, all credentials together. */
  public int paymentCount() {
    return credentials.stream().mapToInt(c -> c.payments().size()).sum();
  }
}
