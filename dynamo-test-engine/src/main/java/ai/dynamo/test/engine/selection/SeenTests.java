package ai.dynamo.test.engine.selection;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.labels.TestLabels;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apiguardian.api.API;

/**
 * Every test and plain tag that the discoveries of one run saw. Build tools discover one class at a
 * time before a run, and run only the classes their own scan found tests in: a word of {@code
 * dynamo.select} is taken for a typo only when no class seen has it as a tag, and a run whose
 * selection matches nothing, handed no class at all, still counts what was seen.
 */
@API(status = INTERNAL, since = "0.1")
public final class SeenTests {

  private final Set<String> tags = ConcurrentHashMap.newKeySet();
  private final Map<String, TestLabels> tests = new ConcurrentHashMap<>();

  void add(String name, TestLabels labels) {
    tests.put(name, labels);
    tags.addAll(labels.tags());
  }

  Set<String> tags() {
    return tags;
  }

  Map<String, TestLabels> tests() {
    return tests;
  }
}
