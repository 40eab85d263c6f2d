package io.aloft.wallet.crash;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.money.Money;
import io.aloft.wallet.fixture.WalletFixture;
import io.aloft.wallet.pay.CodeForm;
import io.aloft.wallet.pay.IssuedCode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;

/**
 * The process {@link CrashTest} kills: opens an enrolled wallet, prints READY, then pays for ever,
 * printing "counter text" for each code the moment the wallet hands it over, as an app would show
 * it. Whatever it printed has left the wallet.
 *
 * <p>Arguments: wallet directory, seed.
 */
public final class CrashChild {
  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    Random random = new Random(seed);
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
        StandardCharsets.US_ASCII);
    WalletFixture f = new WalletFixture(dir, SignatureAlgorithm.ECDSA_P256);
    f.issuer.nonceBase = seed << 20;
    out.print("READY\n");
    out.flush();
    while (true) {
      IssuedCode code = pay(f, random);
      // One write per line: a pipe write this small is atomic, so a kill never splits a line.
      out.print(code.paymentId().counter() + " " + code.qrText() + "\n");
      out.flush();
      if (out.checkError()) {
        System.exit(3); // stdout closed: the parent is gone
      }
    }
  }

  private static IssuedCode pay(WalletFixture f, Random random) throws Exception {
    Money amount = Money.of(1 + random.nextInt(5_000), "CNY");
    return switch (random.nextInt(3)) {
      case 0 -> f.wallet.confirm(f.wallet.readRequest(f.issuer.request(amount).toQrText()).value()).value();
      case 1 -> f.wallet.payAmount(amount, CodeForm.COMPACT).value();
      default -> f.wallet.payUpTo(amount, CodeForm.SELF_CONTAINED).value();
    };
  }
}
