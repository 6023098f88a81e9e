package ai.dynamo.test.examples.serving;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns text into token ids and back. Words and single punctuation marks are tokens; each new token
 * gets the next id, so the same text always encodes to the same ids within one tokenizer, which is
 * what prefix caching relies on. Thread-safe.
 *
 * <pre>{@code
 * Tokenizer tokenizer = new Tokenizer();
 * int[] ids = tokenizer.encode("Hello, world");   // [0, 1, 2]
 * tokenizer.decode(ids);                          // "Hello, world"
 * }</pre>
 */
public final class Tokenizer {

  private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}_']+|[^\\s\\p{L}\\p{N}_']");

  private final Map<String, Integer> ids = new ConcurrentHashMap<>();
  private final List<String> tokens = new ArrayList<>();

  /** The ids of {@code text}'s tokens, in order; whitespace only separates tokens. */
  public int[] encode(String text) {
    List<Integer> encoded = new ArrayList<>();
    Matcher matcher = TOKEN.matcher(text);
    while (matcher.find()) {
      encoded.add(ids.computeIfAbsent(matcher.group(), this::assign));
    }
    return encoded.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * The text of {@code ids}: words separated by one space, punctuation attached to the word before
   * it.
   *
   * @throws IllegalArgumentException for an id this tokenizer never assigned
   */
  public String decode(int[] ids) {
    StringBuilder text = new StringBuilder();
    for (int id : ids) {
      String token = token(id);
      if (text.length() > 0 && !isPunctuation(token)) {
        text.append(' ');
      }
      text.append(token);
    }
    return text.toString();
  }

  private static boolean isPunctuation(String token) {
    char c = token.charAt(0);
    return token.length() == 1 && !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
  }

  /** How many distinct tokens this tokenizer has seen. */
  public synchronized int vocabularySize() {
    return tokens.size();
  }

  private synchronized int assign(String token) {
    tokens.add(token);
    return tokens.size() - 1;
  }

  private synchronized String token(int id) {
    if (id < 0 || id >= tokens.size()) {
      throw new IllegalArgumentException(
          "Unknown token id " + id + ": this tokenizer knows ids 0 to " + (tokens.size() - 1));
    }
    return tokens.get(id);
  }
}
