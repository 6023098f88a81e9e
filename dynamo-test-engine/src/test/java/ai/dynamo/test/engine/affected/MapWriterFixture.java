package ai.dynamo.test.engine.affected;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A separate JVM that records many runs' maps into one history directory, as a fork or a shard
 * would: {@code MapWriterFixture <historyDir> <writer> <runs>}. Each run maps one test class of its
 * own, {@code com.example.<writer>R<run>Tests}, reaching {@code com.example.Shared}.
 */
public final class MapWriterFixture {

  private MapWriterFixture() {}

  public static void main(String[] args) {
    TestClassMapStore store = TestClassMapStore.of(Path.of(args[0]));
    for (int i = 0; i < Integer.parseInt(args[2]); i++) {
      store.write(
          List.of(
              new TestClassMap.Entry(
                  testClass(args[1], i),
                  7L,
                  "rev",
                  System.currentTimeMillis(),
                  Map.of("com.example.Shared", 42L))),
          false);
    }
  }

  static String testClass(String writer, int run) {
    return "com.example." + writer + "R" + run + "Tests";
  }
}
