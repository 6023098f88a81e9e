package ai.dynamo.test.engine.configuration;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * The one measure of "misspelt" for names people type: the Levenshtein distance, the fewest
 * insertions, deletions and substitutions of single characters that turn one text into the other
 * ({@code stgae} is 2 from {@code stage}). Used for unknown parameter keys and for the words of
 * {@code dynamo.select}.
 */
@API(status = INTERNAL, since = "0.1")
public final class EditDistance {

  private EditDistance() {}

  /** The Levenshtein distance between {@code a} and {@code b}, case-sensitive. */
  public static int between(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
