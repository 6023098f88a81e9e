package ai.dynamo.test.engine.affected;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Which classes of the project each test class reached when it last ran with the JaCoCo agent: the
 * merge of every map record in the map directory, the newest record of a test class winning.
 *
 * <pre>{@code
 * TestClassMap map = TestClassMapStore.of(historyDirectory).read();
 * map.of("com.example.FooTests").map(Entry::reached); // {"com.example.Foo" -> 0x1f2e...}
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class TestClassMap {

  /**
   * One test class's record.
   *
   * @param testClass the test class, a JVM name ({@code com.example.FooTests$Nested})
   * @param testClassId the CRC64 class id (as JaCoCo computes it) of the test class's bytes when it
   *     was recorded, 0 when unknown
   * @param revision the code revision of the run that recorded it, empty when unknown
   * @param epochMillis when it was recorded
   * @param reached every class of the project it executed code of, by JVM name, with its class id
   */
  public record Entry(
      String testClass,
      long testClassId,
      String revision,
      long epochMillis,
      Map<String, Long> reached) {}

  private final Map<String, Entry> entries;
  private Set<String> reachedByAny;

  TestClassMap(Map<String, Entry> entries) {
    this.entries = entries;
  }

  /** The newest entry of each test class among {@code entries}. */
  static TestClassMap merge(Collection<Entry> entries) {
    Map<String, Entry> newest = new LinkedHashMap<>();
    for (Entry entry : entries) {
      newest.merge(entry.testClass(), entry, (a, b) -> b.epochMillis() >= a.epochMillis() ? b : a);
    }
    return new TestClassMap(newest);
  }

  /** The entry of {@code testClass}, empty when it was never mapped. */
  public Optional<Entry> of(String testClass) {
    return Optional.ofNullable(entries.get(testClass));
  }

  /** Every entry, one per test class. */
  public Collection<Entry> entries() {
    return entries.values();
  }

  /** Whether any test class reached {@code className}. */
  public synchronized boolean reachedByAny(String className) {
    if (reachedByAny == null) {
      reachedByAny = new HashSet<>();
      entries.values().forEach(e -> reachedByAny.addAll(e.reached().keySet()));
    }
    return reachedByAny.contains(className);
  }

  /** Whether no test class is mapped. */
  public boolean isEmpty() {
    return entries.isEmpty();
  }
}
