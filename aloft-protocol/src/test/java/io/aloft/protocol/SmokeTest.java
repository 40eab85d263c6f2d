package io.aloft.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.message.PaymentAuthorization;
import io.aloft.protocol.message.PaymentRequest;
import io.aloft.protocol.message.TrustBundle;
import io.aloft.protocol.qr.QrText;
import io.aloft.protocol.rules.AcceptancePolicy;
import io.aloft.protocol.rules.CredentialHistory;
import io.aloft.protocol.rules.PaymentRules;
import io.aloft.protocol.rules.Presentation;
import io.aloft.protocol.rules.Reason;
import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void handshakeAndOneScanAreAcceptedOnceAndReplayRefused() throws Exception {
    Flight f = new Flight(SignatureAlgorithm.ECDSA_P256);
    PaymentRequest request = f.request(4_500);
    PaymentAuthorization auth = f.handshake(request, 1, 4_500);
    String text = auth.toQrText();
    PaymentAuthorization scanned = PaymentAuthorization.decode(QrText.decode(text));
    assertThat(scanned).isEqualTo(auth);
    TrustBundle bundle = TrustBundle.decode(f.bundle.encode());
    var verdict = PaymentRules.check(Presentation.handshake(scanned, PaymentRequest.decode(request.encode())),
        bundle, Flight.TERMINAL_ID, CredentialHistory.empty(), Flight.T0.plusSeconds(10), AcceptancePolicy.DEFAULT);
    assertThat(verdict.isAccepted()).as(verdict.toString()).isTrue();
    var history = CredentialHistory.empty().with(verdict.value().asSeen());
    var replay = PaymentRules.check(Presentation.handshake(scanned, request), bundle, Flight.TERMINAL_ID, history,
        Flight.T0.plusSeconds(10), AcceptancePolicy.DEFAULT);
    assertThat(replay.reason()).isEqualTo(Reason.REPLAYED_COUNTER);

    PaymentAuthorization code = f.oneScan(9_900, 200, 14_400, true);
    System.out.println("self-contained one-scan: " + code.encode().length + " bytes, " + code.toQrText().length() + " chars");
    System.out.println("handshake: " + auth.encode().length + " bytes, " + text.length() + " chars");
    System.out.println("request: " + request.encode().length + " bytes, " + request.toQrText().length() + " chars");
    var v2 = PaymentRules.check(Presentation.oneScan(PaymentAuthorization.decode(code.encode())), bundle,
        Flight.TERMINAL_ID, history, Flight.T0.plusSeconds(10), AcceptancePolicy.DEFAULT);
    assertThat(v2.isAccepted()).as(v2.toString()).isTrue();
  }
}
