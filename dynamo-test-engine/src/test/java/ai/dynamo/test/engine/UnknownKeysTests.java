package ai.dynamo.test.engine;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static ai.dynamo.test.engine.EngineTestSupport.discoveryError;
import static ai.dynamo.test.engine.EngineTestSupport.selected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.api.Tutorial;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.fixtures.SelectionFixtures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * An unknown {@code dynamo.*} key close to a parameter is taken for a typo and stops the run with
 * the parameter it most likely meant; one close to none, such as the {@code -Ddynamo.version} of a
 * build's command line, is ignored with one warning line a run.
 */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Tutorial("docs/reference.md#unknown-parameters")
@Isolated("replaces System.out")
class UnknownKeysTests {

  @TempDir Path reports;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "dynamo.stgae       | did you mean dynamo.stage?",
        "dynamo.env.moed    | did you mean dynamo.env.mode?",
        "dynamo.Stage       | did you mean dynamo.stage?",
        "dynamo.dry_run     | did you mean dynamo.dry-run?",
        "dynamo.evn.mode    | did you mean dynamo.env.mode?",
        "dynamo.budget.nigthly | did you mean dynamo.budget.nightly?",
        "dynamo.gpu         | did you mean dynamo.gpu.wait?",
        "dynamo.env.timeout | parameters starting dynamo.env: dynamo.env.container.network, "
      })
  void failsOnAKeyCloseToAParameterNamingTheOneItMeant(String key, String hint) {
    Throwable error = discoveryError(Map.of(key, "x"), SelectionFixtures.FastUnit.class);

    assertThat(error)
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("Unknown configuration parameter " + key + " (" + hint)
        .hasMessageContaining("). Valid parameters: dynamo.affected, dynamo.affected.fallback, ")
        .hasMessageEndingWith(", dynamo.unclassified.");
  }

  @Test
  void namesEveryMisspeltKeyAndNotTheIgnoredOnes() {
    Throwable error =
        discoveryError(
            Map.of("dynamo.stgae", "nightly", "dynamo.typ", "unit", "dynamo.version", "0.2.0"),
            SelectionFixtures.FastUnit.class);

    assertThat(error.getMessage())
        .startsWith(
            "Unknown configuration parameters dynamo.stgae (did you mean dynamo.stage?),"
                + " dynamo.typ (did you mean dynamo.type?). Valid parameters: ")
        .doesNotContain("dynamo.version");
  }

  @Test
  void ignoresAKeyCloseToNoParameterWithOneWarningARun() {
    List<String> ran = new ArrayList<>();
    String console =
        captured(
            () -> {
              // As Surefire does: every class discovered alone, then the run, in one session.
              try (LauncherSession session = LauncherFactory.openSession()) {
                session.getLauncher().discover(request(SelectionFixtures.FastUnit.class));
                session.getLauncher().discover(request(SelectionFixtures.MixedStages.class));
                session
                    .getLauncher()
                    .execute(
                        request(
                            SelectionFixtures.FastUnit.class, SelectionFixtures.MixedStages.class),
                        new TestExecutionListener() {
                          @Override
                          public void executionFinished(
                              TestIdentifier id,
                              org.junit.platform.engine.TestExecutionResult result) {
                            if (id.isTest()) {
                              ran.add(id.getDisplayName() + " " + result.getStatus());
                            }
                          }
                        });
              }
            });

    assertThat(ran)
        .containsExactlyInAnyOrder(
            "parses() SUCCESSFUL",
            "parsesTheCorpus() SUCCESSFUL",
            "inPreMergeFromTheClass() SUCCESSFUL");
    assertThat(console.lines().filter(line -> line.contains("WARNING")))
        .containsExactly(
            "[dynamo] WARNING: ignoring dynamo.skipTests, dynamo.version: they are no parameters"
                + " of the dynamo engine, nor close to one");
    assertThat(console).contains("[dynamo] dynamo.stage=pre-merge: selected 3 of 5 tests");
  }

  @Test
  void runsWithAnIgnoredKeyUnderTheTestKit() {
    String console =
        captured(
            () ->
                assertThat(
                        selected(
                            EngineTestSupport.run(
                                Map.of("dynamo.version", "0.2.0", "dynamo.summary", "false"),
                                SelectionFixtures.FastUnit.class)))
                    .containsExactly("parses", "parsesTheCorpus"));

    assertThat(console)
        .contains(
            "[dynamo] WARNING: ignoring dynamo.version: it is no parameter of the dynamo engine,"
                + " nor close to one");
  }

  private LauncherDiscoveryRequest request(Class<?>... classes) {
    return LauncherDiscoveryRequestBuilder.request()
        .selectors(java.util.Arrays.stream(classes).map(c -> selectClass(c)).toList())
        .filters(EngineFilter.includeEngines(DynamoTestEngine.ENGINE_ID))
        .configurationParameters(
            Map.of(
                "dynamo.version", "0.2.0",
                "dynamo.skipTests", "true",
                "dynamo.stage", "pre-merge",
                "dynamo.summary", "false",
                "dynamo.history", "off",
                "dynamo.reports.dir", reports.toString()))
        .enableImplicitConfigurationParameters(false)
        .build();
  }

  private static String captured(Runnable run) {
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
}
