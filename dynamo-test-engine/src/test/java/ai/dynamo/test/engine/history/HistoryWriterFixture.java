package ai.dynamo.test.engine.history;

import ai.dynamo.test.engine.history.HistoryRecord.Outcome;
import java.nio.file.Path;
import java.util.List;

/**
 * A separate JVM that records many runs into one history directory, as a fork or a shard would:
 * {@code HistoryWriterFixture <dir> <writer> <runs>}. Each run records one execution of a test all
 * writers share and one of a test of its own, and every writer compacts as it goes.
 */
public final class HistoryWriterFixture {

  static final String SHARED = "com.example.SharedTest#everyone()";
  static final int WINDOW = 1_000;

  private HistoryWriterFixture() {}

  public static void main(String[] args) {
    Path directory = Path.of(args[0]);
    String writer = args[1];
    int runs = Integer.parseInt(args[2]);
    HistoryStore store = new HistoryStore(directory, WINDOW, System.err::println);
    for (int i = 0; i < runs; i++) {
      String run = writer + "-" + i;
      long now = System.currentTimeMillis();
      store.write(
          List.of(
              HistoryRecord.test(run, now, SHARED, i, Outcome.PASSED),
              HistoryRecord.test(
                  run, now, "com.example.Own" + run + "Test#mine()", i, Outcome.PASSED)),
          false);
    }
  }
}
