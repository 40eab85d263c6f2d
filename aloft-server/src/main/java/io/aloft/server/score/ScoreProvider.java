package io.aloft.server.score;

/**
 * Computes a payment score in {@link #MIN_SCORE}..{@link #MAX_SCORE} from what the server knows.
 * An operator-set or imported score takes precedence over the provider (see the account feature);
 * a deployment that buys scores from an external bureau plugs in its own provider here.
 */
public interface ScoreProvider {
  int MIN_SCORE = 300;
  int MAX_SCORE = 850;

  int score(ScoreFacts facts);
}
