package ai.dynamo.test.engine.run;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.fixtures.SelectionFixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The state of a run belongs to its launcher session: two sessions in one JVM (an IDE's re-run, a
 * launcher started inside a test) see nothing of each other, and a session keeps what each of its
 * discoveries decided for as long as it needs it, however many trees it discovers.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Isolated("replaces System.out")
class RunContextTests {

  @TempDir Path temp;

  private final List<String> rootFailures = new ArrayList<>();
  private final List<String> testsFinished = new ArrayList<>();

  private final TestExecutionListener events =
      new TestExecutionListener() {
        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
          if (id.isTest()) {
            testsFinished.add(id.getDisplayName());
          }
          if (id.getParentIdObject().isEmpty() && result.getThrowable().isPresent()) {
            rootFailures.add(result.getThrowable().get().getMessage());
          }
        }
      };

  private static LauncherDiscoveryRequest request(Map<String, String> parameters, Class<?>... c) {
    return LauncherDiscoveryRequestBuilder.request()
        .selectors(java.util.Arrays.stream(c).map(k -> selectClass(k)).toList())
        .configurationParameters(parameters)
        .enableImplicitConfigurationParameters(false)
        .build();
  }

  private String captured(Runnable run) {
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      run.run();
    } finally {
      System.setOut(original);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static Map<String, String> parameters(Path reports, String... pairs) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("dynamo.reports.dir", reports.toString());
    parameters.put("dynamo.history", "off");
    for (int i = 0; i < pairs.length; i += 2) {
      parameters.put(pairs[i], pairs[i + 1]);
    }
    return parameters;
  }

  private static List<String> planned(Path reports) throws IOException {
    JsonNode plan = new ObjectMapper().readTree(Files.readString(reports.resolve("plan.json")));
    return StreamSupport.stream(plan.get("tests").spliterator(), false)
        .map(test -> test.get("name").asText())
        .toList();
  }

  @Test
  void twoSessionsInOneJvmShareNothing() throws IOException {
    Path first = temp.resolve("first");
    Path second = temp.resolve("second");

    String firstOut =
        captured(
            () -> {
              try (LauncherSession session = LauncherFactory.openSession()) {
                session
                    .getLauncher()
                    .execute(
                        request(
                            parameters(first, "dynamo.stage", "nightly"),
                            SelectionFixtures.TaggedGpus.class,
                            SelectionFixtures.Unclassified.class),
                        events);
              }
            });
    String secondOut =
        captured(
            () -> {
              try (LauncherSession session = LauncherFactory.openSession()) {
                session
                    .getLauncher()
                    .execute(
                        request(
                            parameters(second, "dynamo.select", "gpus"),
                            SelectionFixtures.FastUnit.class,
                            SelectionFixtures.Unclassified.class),
                        events);
              }
            });

    // Each session prints its own unclassified tests: the first's printing does not silence it.
    assertThat(firstOut).contains("unclassified test").contains("Unclassified#");
    assertThat(secondOut).contains("unclassified test").contains("Unclassified#");
    // The tag 'gpus' was seen by the first session only: to the second it is a word no test has.
    assertThat(rootFailures)
        .as("%s%n%s", firstOut, secondOut)
        .singleElement()
        .asString()
        .contains("unknown label 'gpus'");
    // Each session's plan holds its own tests, in its own reports directory.
    assertThat(planned(first))
        .anyMatch(name -> name.contains("TaggedGpus"))
        .noneMatch(name -> name.contains("FastUnit"));
    assertThat(planned(second))
        .anyMatch(name -> name.contains("FastUnit"))
        .noneMatch(name -> name.contains("TaggedGpus"));
    assertThat(first.resolve("summary.json")).exists();
    assertThat(second.resolve("summary.json")).exists();
  }

  @Test
  void anEmptySelectionFailsAfterMoreDiscoveriesThanTheOldCacheHeld() {
    Path reports = temp.resolve("reports");
    Map<String, String> weekly = parameters(reports, "dynamo.stage", "weekly");
    Class<?>[] classes = {
      SelectionFixtures.FastUnit.class,
      SelectionFixtures.MixedStages.class,
      SelectionFixtures.StageOnly.class,
      SelectionFixtures.TaggedGpus.class
    };

    captured(
        () -> {
          try (LauncherSession session = LauncherFactory.openSession()) {
            // As an IDE does: discover the run, then (as Surefire's scan does) every class alone,
            // many times over, then execute the plan discovered first.
            TestPlan plan = session.getLauncher().discover(request(weekly, classes));
            for (int round = 0; round < 10; round++) {
              for (Class<?> c : classes) {
                session.getLauncher().discover(request(weekly, c));
              }
            }
            session.getLauncher().execute(plan, events);
          }
        });

    assertThat(testsFinished).isEmpty();
    assertThat(rootFailures)
        .singleElement()
        .asString()
        .contains("The selection dynamo.stage=weekly matches none of the");
  }
}
