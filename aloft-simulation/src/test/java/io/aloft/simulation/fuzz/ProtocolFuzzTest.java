package io.aloft.simulation.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.codec.DecodeException;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signatures;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.message.AuthorizationKind;
import io.aloft.protocol.message.BatchEntry;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.SignedMessage;
import io.aloft.protocol.message.TerminalBatch;
import io.aloft.protocol.qr.QrText;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Mutated, spliced, retyped, forged and random inputs through every decoder and every verifier of
 * the protocol. Each must answer with a message or a typed {@link DecodeException}; whatever
 * decodes must re-encode to the same bytes; and no verifier may accept anything that is not a
 * message its rightful key signed.
 */
class ProtocolFuzzTest {
  private static final Corpus CORPUS = new Corpus();
  private static final Verifiers VERIFIERS = new Verifiers(CORPUS);
  private static final List<SignedMessage> SEEDS = CORPUS.genuine();
  /** Keys an attacker might hold: their own, or a real key of the wrong role. */
  private static final List<SoftwareSigner> WRONG_KEYS = List.of(
      Corpus.key(SignatureAlgorithm.ECDSA_P256, 90), Corpus.key(SignatureAlgorithm.ED25519, 91),
      CORPUS.terminalKey, CORPUS.otherTerminalKey, CORPUS.payers.get(0).device(), CORPUS.payers.get(1).device(),
      CORPUS.issuer);

  private final FuzzRun run = new FuzzRun("ProtocolFuzzTest", 60, false);
  private long decoded;
  private long accepted;

  @Test
  void everyGenuineMessage_isAcceptedByItsVerifier_soTheOracleCanTellAForgery() {
    for (SignedMessage message : SEEDS) {
      assertThat(VERIFIERS.acceptedBy(message)).as(message.type().toString()).isPresent();
    }
  }

  @Test
  void fuzzedInputs_decodeOrFailTyped_andOnlyGenuineMessagesVerify() {
    long started = System.nanoTime();
    run.forEachCase(this::runCase);
    System.out.printf("ProtocolFuzzTest: %d cases, %d decoded, %d accepted (all genuine), %.1f s%n",
        run.cases(), decoded, accepted, (System.nanoTime() - started) / 1e9);

    assertThat(run.failureCount()).as(run.report()).isZero();
    // A fuzzer whose inputs never decode tests nothing beyond the first length check.
    assertThat(decoded).as("inputs that decoded").isGreaterThan(run.cases() / 50);
  }

  private void runCase(long caseSeed) {
    SplittableRandom random = new SplittableRandom(caseSeed);
    Mutator mutator = new Mutator(random);
    SignedMessage seed = SEEDS.get(random.nextInt(SEEDS.size()));
    Input input = switch (random.nextInt(20)) {
      case 0, 1, 2 -> forgery(seed, mutator);
      case 3, 4 -> fromText(seed, mutator);
      default -> new Input(mutator.mutateBytes(seed.encode(), SEEDS.get(random.nextInt(SEEDS.size())).encode()), Optional.empty());
    };
    check(caseSeed, input, 0);
  }

  /** Bytes to decode; {@code signer} is the key that re-signed them, for forgeries. */
  private record Input(byte[] bytes, Optional<SoftwareSigner> signer) {}

  private Input forgery(SignedMessage seed, Mutator mutator) {
    byte[] body = mutator.chance(3) ? seed.body() : mutator.mutateBytes(seed.body(), seed.body());
    SoftwareSigner key = WRONG_KEYS.get(mutator.nextInt(WRONG_KEYS.size()));
    if (isRightfulKey(seed, key)) {
      // Its own key re-signing a changed body is the key holder's word, not a forgery.
      key = WRONG_KEYS.get(0);
    }
    List<byte[]> suffixes = new ArrayList<>();
    if (seed instanceof PaymentAuthorization authorization && authorization.kind() == AuthorizationKind.HANDSHAKE) {
      suffixes.add(CORPUS.requestAnswered(authorization).map(PaymentRequest::digest).orElseThrow());
    }
    return new Input(Mutator.forge(seed.type(), body, key, suffixes.toArray(byte[][]::new)), Optional.of(key));
  }

  private static boolean isRightfulKey(SignedMessage seed, SoftwareSigner key) {
    byte[] signed = seed instanceof PaymentAuthorization a && a.kind() == AuthorizationKind.HANDSHAKE
        ? a.signingInput(CORPUS.requestAnswered(a)) : seed.signingInput();
    return Signatures.verify(key.publicKey(), signed, seed.signature());
  }

  private Input fromText(SignedMessage seed, Mutator mutator) {
    try {
      return new Input(QrText.decode(mutator.mutateText(seed.toQrText())), Optional.empty());
    } catch (DecodeException typed) {
      return new Input(new byte[0], Optional.empty());
    } catch (RuntimeException e) {
      // QrText.decode is itself a decoder under test.
      return new Input(("QrText.decode threw " + e).getBytes(java.nio.charset.StandardCharsets.UTF_8), Optional.empty());
    }
  }

  private void check(long caseSeed, Input input, int depth) {
    for (Decoders.Named named : Decoders.ALL) {
      SignedMessage message;
      try {
        message = named.decoder().decode(input.bytes());
      } catch (DecodeException typed) {
        continue;
      } catch (RuntimeException | Error e) {
        run.fail(caseSeed, named.name() + ".decode threw " + e + " on " + hex(input.bytes()));
        continue;
      }
      decoded++;
      checkDecoded(caseSeed, input, named, message, depth);
    }
  }

  private void checkDecoded(long caseSeed, Input input, Decoders.Named named, SignedMessage message, int depth) {
    if (!java.util.Arrays.equals(message.encode(), input.bytes())) {
      run.fail(caseSeed, named.name() + " decoded non-canonical bytes " + hex(input.bytes()));
    }
    Optional<String> verifier;
    try {
      verifier = VERIFIERS.acceptedBy(message);
    } catch (RuntimeException | Error e) {
      run.fail(caseSeed, "verifier of " + named.name() + " threw " + e + " on " + hex(input.bytes()));
      return;
    }
    if (verifier.isPresent()) {
      accepted++;
      // A mutation may rename the message to the forging key's own identity (payer B's key on a
      // body that now names payer B): then it is B's word, and B may pay.
      boolean ownWord = input.signer().isPresent()
          && CORPUS.rightfulKey(message).filter(input.signer().get().publicKey()::equals).isPresent();
      if (!ownWord && (input.signer().isPresent() || !CORPUS.isGenuine(message))) {
        run.fail(caseSeed, verifier.get() + " accepted a " + named.name() + " its key never signed: "
            + hex(input.bytes()));
      }
    }
    if (message instanceof TerminalBatch batch && depth == 0) {
      // The server decodes a batch's entries one by one: they are decoder inputs too.
      for (BatchEntry entry : batch.entries()) {
        for (Bytes document : documents(entry)) {
          check(caseSeed, new Input(document.toByteArray(), Optional.empty()), depth + 1);
        }
      }
    }
  }

  private static List<Bytes> documents(BatchEntry entry) {
    if (entry instanceof BatchEntry.Payment payment) {
      return List.of(payment.authorization(), payment.request(), payment.receipt());
    }
    return List.of(((BatchEntry.Refund) entry).refundNote());
  }

  private static String hex(byte[] bytes) {
    return bytes.length > 600 ? HexFormat.of().formatHex(bytes, 0, 600) + "…" : HexFormat.of().formatHex(bytes);
  }
}
