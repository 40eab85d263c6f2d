package io.aloft.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class JvmProcessTest {
  /** The child: prints its address and a ready line, then waits to be stopped; or fails at once. */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      if (args[0].equals("fail")) {
        System.out.println("no database at " + System.getenv("CHILD_DB"));
        System.exit(3);
      }
      System.out.println("starting");
      System.out.println("listening on http://127.0.0.1:1234");
      System.out.println("ready");
      Thread.sleep(60_000);
    }
  }

  private static final Pattern ADDRESS = Pattern.compile("listening on (\\S+)");
  private static final Pattern READY = Pattern.compile("^ready$");

  @Test
  void await_returnsWhatTheChildPrinted_onceItIsReady_andKillEndsIt() {
    try (JvmProcess child = JvmProcess.start(Child.class.getName(), Map.of(), List.of("serve"))) {
      assertThat(child.await(ADDRESS, READY)).isEqualTo("http://127.0.0.1:1234");
      assertThat(child.output()).containsExactly("starting", "listening on http://127.0.0.1:1234", "ready");

      child.kill();
      assertThat(child.process().isAlive()).isFalse();
    }
  }

  @Test
  void aChildThatEndsBeforeItIsReady_failsWithWhatItPrinted() {
    try (JvmProcess child = JvmProcess.start(Child.class.getName(), Map.of("CHILD_DB", "pg-7"), List.of("fail"))) {
      assertThatThrownBy(() -> child.await(ADDRESS, READY)).isInstanceOf(AssertionError.class)
          .hasMessageContaining("no database at pg-7");
    }
  }
}
