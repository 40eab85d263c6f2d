package io.aloft.server.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.aloft.server.webhook.internal.WebhookUrls;
import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Which URLs an endpoint may have, and how far apart failed deliveries are tried again. */
class WebhookRulesTest {
  @Test
  void https_isAccepted_andPlainHttp_onlyToLoopback_whenAllowed() {
    assertThat(WebhookUrls.problem("https://hooks.example.com/aloft?x=1", true, false)).isEmpty();
    assertThat(WebhookUrls.problem("http://hooks.example.com/aloft", true, true)).get().asString().contains("https://");
    assertThat(WebhookUrls.problem("http://127.0.0.1:9000/hooks", false, false)).get().asString()
        .contains("webhooks.allow_http_loopback");
    assertThat(WebhookUrls.problem("http://127.0.0.1:9000/hooks", true, true)).isEmpty();
    assertThat(WebhookUrls.problem("http://[::1]:9000/hooks", false, true)).isEmpty();
  }

  @Test
  void otherSchemes_relativeUrls_credentialsAndFragments_areRefused() {
    for (String url : new String[] {"ftp://hooks.example.com/", "hooks.example.com/aloft", "https:///nohost",
        "https://user:pw@hooks.example.com/", "https://hooks.example.com/#frag", "https://exa mple.com/", "",
        "https://hooks.example.com/" + "a".repeat(WebhookUrls.MAX_URL_LENGTH)}) {
      assertThat(WebhookUrls.problem(url, false, true)).as(url).isPresent();
    }
  }

  @Test
  void anAirlinesEndpoint_mayNotNameAnAddressOfThePrivateNetworks_theOperatorsMay() {
    for (String url : new String[] {"https://10.0.0.5/", "https://192.168.1.1/", "https://172.16.0.1/",
        "https://169.254.169.254/latest", "https://[fd00::1]/", "https://[fe80::1]/", "https://0.0.0.0/",
        "https://127.0.0.1/"}) {
      assertThat(WebhookUrls.problem(url, true, false)).as(url).isPresent();
      assertThat(WebhookUrls.problem(url, false, false)).as(url + " for the operator").isEmpty();
    }
    assertThat(WebhookUrls.problem("https://93.184.216.34/", true, false)).isEmpty();
  }

  @Test
  void retryDelays_areFullJitter_underADoublingCeiling_cappedAtTheMaximum() {
    WebhookPolicy policy = WebhookPolicy.defaults().withRetryDelays(Duration.ofSeconds(10), Duration.ofMinutes(5));
    SplittableRandom random = new SplittableRandom(7);
    for (int attempt = 1; attempt <= 12; attempt++) {
      long ceilingMs = Math.min(10_000L << (attempt - 1), 300_000L);
      long below = 0;
      long longest = 0;
      for (int i = 0; i < 2_000; i++) {
        long ms = policy.retryAfter(attempt, random).toMillis();
        assertThat(ms).as("attempt " + attempt).isBetween(0L, ceilingMs);
        below += ms < ceilingMs / 2 ? 1 : 0;
        longest = Math.max(longest, ms);
      }
      assertThat(below).as("about half the draws below half the ceiling").isBetween(800L, 1_200L);
      assertThat(longest).as("draws reach near the ceiling").isGreaterThan(ceilingMs * 9 / 10);
    }
  }
}
