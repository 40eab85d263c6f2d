package io.aloft.protocol.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The clients read top-level strings of the server's JSON; anything else is a typed bad answer. */
class JsonAnswerTest {
  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void stringMember_readsTheTopLevelMember_notANestedOne_andUnescapes() throws Exception {
    byte[] answer = json("{\"inner\":{\"reason\":\"NESTED\"},\"list\":[\"reason\"],"
        + "\"reason\":\"OVER_TOTAL_LIMIT\",\"message\":\"Say \\\"no\\\" \\u00e9\"}");
    assertThat(JsonAnswer.stringMember(answer, "reason")).contains("OVER_TOTAL_LIMIT");
    assertThat(JsonAnswer.stringMember(answer, "message")).contains("Say \"no\" é");
    assertThat(JsonAnswer.stringMember(answer, "absent")).isEmpty();
  }

  @Test
  void aPath_readsANestedMember_asTheEnrolmentAnswerNestsTheCredential() throws Exception {
    byte[] answer = json("{\"outcome\":\"issued\",\"credential\":{\"serial\":\"ab\",\"scoreTier\":{\"credential\":\"x\"},"
        + "\"credential\":\"AQID\",\"credentialQr\":\"AL1\"}}");
    assertThat(JsonAnswer.base64Member(answer, "credential", "credential")).containsExactly(1, 2, 3);
    assertThat(JsonAnswer.stringMember(answer, "credential")).as("an object, not a string").isEmpty();
    assertThat(JsonAnswer.stringMember(answer, "credential", "missing")).isEmpty();
    assertThatThrownBy(() -> JsonAnswer.base64Member(answer, "outcome", "credential"))
        .isInstanceOf(BadAnswerException.class).hasMessageContaining("no string 'outcome.credential'");
  }

  @Test
  void stringMember_ofANumberOrNull_isEmpty() throws Exception {
    assertThat(JsonAnswer.stringMember(json("{\"status\":403,\"reason\":null}"), "status")).isEmpty();
    assertThat(JsonAnswer.stringMember(json("{\"status\":403,\"reason\":null}"), "reason")).isEmpty();
  }

  @Test
  void base64Member_decodes_orRefusesWithABadAnswer() throws Exception {
    assertThat(JsonAnswer.base64Member(json("{\"bundle\":\"AQID\"}"), "bundle")).containsExactly(1, 2, 3);
    assertThatThrownBy(() -> JsonAnswer.base64Member(json("{\"bundle\":\"not base64!\"}"), "bundle"))
        .isInstanceOf(BadAnswerException.class).hasMessageContaining("not base64");
    assertThatThrownBy(() -> JsonAnswer.base64Member(json("{\"other\":\"AQID\"}"), "bundle"))
        .isInstanceOf(BadAnswerException.class).hasMessageContaining("no string 'bundle'");
  }

  @Test
  void malformedOrNotAnObject_isABadAnswer() {
    for (String text : new String[] {"", "<html>502 Bad Gateway</html>", "[\"bundle\"]", "{\"bundle\":\"AQID\"",
        "{\"bundle\":\"AQID\"} {}", "\"bundle\""}) {
      assertThatThrownBy(() -> JsonAnswer.stringMember(json(text), "bundle")).as(text)
          .isInstanceOf(BadAnswerException.class);
    }
  }

  @Test
  void nestingBeyondTheBound_isABadAnswer() {
    String deep = "{\"a\":" + "[".repeat(JsonAnswer.MAX_DEPTH + 1) + "]".repeat(JsonAnswer.MAX_DEPTH + 1) + "}";
    assertThatThrownBy(() -> JsonAnswer.stringMember(json(deep), "a")).isInstanceOf(BadAnswerException.class);
  }

  @Test
  void problemField_ofAnErrorPageThatIsNotJson_isEmpty() {
    assertThat(SettlementClient.problemField("<html>bad gateway</html>", "type")).isEmpty();
    assertThat(SettlementClient.problemField("{\"type\":\"urn:aloft:problem:forbidden\"}", "type"))
        .isEqualTo(Optional.of("urn:aloft:problem:forbidden"));
  }

  @Property(tries = 300)
  void anyBytes_readOrFailAsABadAnswer(@ForAll byte[] bytes) {
    try {
      JsonAnswer.stringMember(bytes, "bundle");
    } catch (BadAnswerException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
