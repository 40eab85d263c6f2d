package io.aloft.server.enrolment;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.VerificationKey;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.EnrolmentProof;
import io.aloft.protocol.message.OfflineCredential;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.Idempotency;
import io.aloft.server.http.Json;
import io.aloft.server.http.RateLimits;
import io.aloft.server.http.Principal;
import io.aloft.server.http.Reply;
import io.aloft.server.http.Requests;
import io.aloft.server.http.Routes;
import io.aloft.server.http.Views.MoneyView;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Base64;
import java.util.Optional;

/**
 * HTTP endpoints: a wallet asks for an enrolment challenge and enrols its device for a flight,
 * proving it holds the device key; the operator revokes credentials.
 */
public final class EnrolmentRoutes {
  private final Enrolments enrolments;
  private final Authenticator authenticator;
  private final Idempotency idempotency;
  private final MeterRegistry metrics;
  private final RateLimits limits;

  public EnrolmentRoutes(Enrolments enrolments, Authenticator authenticator, Idempotency idempotency,
      MeterRegistry metrics, RateLimits limits) {
    this.enrolments = enrolments;
    this.authenticator = authenticator;
    this.idempotency = idempotency;
    this.metrics = metrics;
    this.limits = limits;
  }

  public void register(Routes routes) {
    routes.post("/v1/enrolment-challenges", this::challenge);
    routes.post("/v1/enrolments", this::enrol);
    routes.post("/v1/credentials/{serial}/revoke", this::revoke);
  }

  record Enrol(Long flightId, String deviceAlgorithm, String devicePublicKey, String challenge, String proof) {}

  record ChallengeRequest(Long flightId) {}

  record ChallengeView(long flightId, String challenge, String expiresAt) {}

  private void challenge(Context ctx) {
    Principal.Wallet wallet = requireWallet(ctx);
    long flightId = flightId(Json.read(ctx.bodyAsBytes(), ChallengeRequest.class).flightId());
    if (!enrolments.flightExists(flightId)) {
      throw ApiProblem.notFound("No flight has id " + flightId + ".");
    }
    idempotency.run(ctx, wallet, () -> {
      Challenges.Issued issued = enrolments.challenge(wallet.accountId(), flightId).orElseThrow(() -> ApiProblem.of(
          429, "too-many-challenges", "Too many open enrolment challenges", "This account holds "
              + Challenges.MAX_OPEN + " unused enrolment challenges; use one, or wait until they expire (after "
              + Challenges.LIFETIME.toMinutes() + " minutes)."));
      metrics.counter("aloft.enrolment.challenges").increment();
      return Reply.created(new ChallengeView(issued.flightId(), Base64.getEncoder().encodeToString(
          issued.challenge().toByteArray()), issued.expiresAt().toString()));
    });
  }

  private Principal.Wallet requireWallet(Context ctx) {
    Principal principal = authenticator.require(ctx);
    if (!(principal instanceof Principal.Wallet wallet)) {
      throw ApiProblem.forbidden("Only a passenger's wallet enrols, with its wallet token.");
    }
    return wallet;
  }

  private static long flightId(Long value) {
    long flightId = Requests.required(value, "flightId");
    if (flightId < 1 || flightId > 0xFFFFFFFFL) {
      throw ApiProblem.invalidRequest("Field 'flightId' must be a flight id.");
    }
    return flightId;
  }

  record CredentialView(String serial, long flightId, int issuerKeyId, String deviceAlgorithm, MoneyView perPaymentLimit,
      MoneyView totalLimit, String validFrom, String validUntil, int scoreTier, String credential, String credentialQr) {
    static CredentialView of(OfflineCredential credential) {
      return new CredentialView(credential.serial().hex(), credential.flightId(), credential.issuerKeyId(),
          algorithmName(credential.deviceKey().algorithm()), MoneyView.of(credential.perPaymentLimit()),
          MoneyView.of(credential.totalLimit()), credential.validFrom().toString(), credential.validUntil().toString(),
          credential.scoreTier(), Base64.getEncoder().encodeToString(credential.encode()), credential.toQrText());
    }
  }

  record EnrolledView(String outcome, CredentialView credential) {}

  private void enrol(Context ctx) {
    Principal.Wallet wallet = requireWallet(ctx);
    Enrol request = Json.read(ctx.bodyAsBytes(), Enrol.class);
    long flightId = flightId(request.flightId());
    VerificationKey key = deviceKey(request);
    Optional<EnrolmentProof> proof = proof(request, flightId, key);
    // Counted once the request is well formed: the work worth limiting (scores, signing) is ahead.
    limits.enrolment(ctx, wallet);
    idempotency.run(ctx, wallet, () -> reply(enrolments.enrol(wallet.accountId(), flightId, key, proof)));
  }

  /** Empty when the request carries neither field (refused as proof_missing); half a proof is malformed. */
  private static Optional<EnrolmentProof> proof(Enrol request, long flightId, VerificationKey key) {
    if (request.challenge() == null && request.proof() == null) {
      return Optional.empty();
    }
    byte[] challenge = Requests.base64(Requests.required(request.challenge(), "challenge"), "challenge",
        EnrolmentProof.CHALLENGE_LENGTH);
    byte[] signature = Requests.base64(Requests.required(request.proof(), "proof"), "proof",
        SignatureAlgorithm.SIGNATURE_LENGTH);
    if (challenge.length != EnrolmentProof.CHALLENGE_LENGTH || signature.length != SignatureAlgorithm.SIGNATURE_LENGTH) {
      throw ApiProblem.invalidRequest("Field 'challenge' must be " + EnrolmentProof.CHALLENGE_LENGTH
          + " bytes and field 'proof' " + SignatureAlgorithm.SIGNATURE_LENGTH + " bytes, both base64.");
    }
    return Optional.of(new EnrolmentProof(Bytes.of(challenge), flightId, key, Bytes.of(signature)));
  }

  private Reply reply(EnrolmentResult result) {
    if (result instanceof EnrolmentResult.Issued issued) {
      metrics.counter("aloft.enrolments", "outcome", issued.alreadyIssued() ? "repeated" : "issued", "reason", "none")
          .increment();
      CredentialView view = CredentialView.of(issued.credential());
      return issued.alreadyIssued() ? Reply.ok(new EnrolledView("issued", view))
          : Reply.created(new EnrolledView("issued", view));
    }
    EnrolmentResult.Refused refused = (EnrolmentResult.Refused) result;
    metrics.counter("aloft.enrolments", "outcome", "refused", "reason", refused.reason().code()).increment();
    ApiProblem problem = refused.reason().isProofRefusal()
        ? ApiProblem.of(422, "enrolment-proof-refused", "Device key not proved", refused.message())
        : ApiProblem.of(422, "enrolment-refused", "Not eligible for offline payment", refused.message());
    throw problem
        .with("reason", refused.reason().code())
        .with("message", refused.message());
  }

  private static VerificationKey deviceKey(Enrol request) {
    String name = Requests.required(request.deviceAlgorithm(), "deviceAlgorithm");
    SignatureAlgorithm algorithm = switch (name) {
      case "ecdsa-p256" -> SignatureAlgorithm.ECDSA_P256;
      case "ed25519" -> SignatureAlgorithm.ED25519;
      default -> throw ApiProblem.invalidRequest("Field 'deviceAlgorithm' must be 'ecdsa-p256' or 'ed25519'.");
    };
    byte[] encoded = Requests.base64(request.devicePublicKey(), "devicePublicKey", 64);
    if (encoded.length != algorithm.publicKeyLength()) {
      throw ApiProblem.invalidRequest("Field 'devicePublicKey' must be " + algorithm.publicKeyLength()
          + " bytes for " + name + (algorithm == SignatureAlgorithm.ECDSA_P256 ? " (SEC1 compressed point)" : "") + ".");
    }
    VerificationKey key = new VerificationKey(algorithm, Bytes.of(encoded));
    if (!key.isWellFormed()) {
      throw ApiProblem.invalidRequest("Field 'devicePublicKey' is not a valid " + name + " public key.");
    }
    return key;
  }

  static String algorithmName(SignatureAlgorithm algorithm) {
    return algorithm == SignatureAlgorithm.ECDSA_P256 ? "ecdsa-p256" : "ed25519";
  }

  record RevokedView(String serial, boolean revoked) {}

  private void revoke(Context ctx) {
    Principal principal = authenticator.require(ctx);
    Authenticator.requireAdmin(principal);
    String hex = ctx.pathParam("serial");
    if (!hex.matches("[0-9a-f]{" + (2 * CredentialSerial.LENGTH) + "}")) {
      throw ApiProblem.notFound("A credential serial is " + (2 * CredentialSerial.LENGTH) + " lowercase hex digits.");
    }
    CredentialSerial serial = CredentialSerial.fromHex(hex);
    idempotency.run(ctx, principal, () -> {
      if (!enrolments.revoke(serial)) {
        throw ApiProblem.notFound("No credential has serial " + hex + ".");
      }
      return Reply.ok(new RevokedView(hex, true));
    });
  }
}
