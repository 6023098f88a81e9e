package ai.dynamo.test.engine.classification;

import static ai.dynamo.test.api.Lifecycle.PRE_COMMIT;
import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Stage({PRE_COMMIT, PRE_MERGE})
@TestType(INTEGRATION)
@Feature("classification-check")
class ClassificationCheckTests {

  @TempDir Path classes;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Compiles test sources into their own class directory, as a project's build would. */
  private void compile(String... sources) throws IOException {
    Path src = classes.resolve("src");
    for (int i = 0; i < sources.length; i += 2) {
      Path file = src.resolve(sources[i]);
      Files.createDirectories(file.getParent());
      Files.writeString(file, sources[i + 1]);
    }
    List<String> args =
        new ArrayList<>(
            List.of("-d", classes.toString(), "-cp", System.getProperty("java.class.path")));
    try (var files = Files.walk(src)) {
      files.filter(f -> f.toString().endsWith(".java")).forEach(f -> args.add(f.toString()));
    }
    int status =
        ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
    assertThat(status).isZero();
  }

  private int check(String... args) {
    return ClassificationCheck.run(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void listsEveryUnclassifiedTestWithoutRunningAny() throws IOException {
    compile(
        "demo/ClassifiedTest.java",
        "package demo; import ai.dynamo.test.api.*; import org.junit.jupiter.api.Test;"
            + " @Stage(Lifecycle.NIGHTLY) @TestType(TestKind.E2E) class ClassifiedTest {"
            + " @Test void ok() {} }",
        "demo/LegacyTest.java",
        "package demo; import org.junit.jupiter.api.Test;"
            + " class LegacyTest { @Test void a() { throw new IllegalStateException(\"ran\"); }"
            + " @Test void b() {} }",
        "demo/HalfTest.java",
        "package demo; import ai.dynamo.test.api.*; import org.junit.jupiter.api.Test;"
            + " @Stage(Lifecycle.PRE_MERGE) class HalfTest { @Test void c() {} }");

    int status = check(classes.toString());

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "UNCLASSIFIED demo.HalfTest#c() (missing @TestType)\n"
                + "UNCLASSIFIED demo.LegacyTest#a() (missing @Stage, @TestType)\n"
                + "UNCLASSIFIED demo.LegacyTest#b() (missing @Stage, @TestType)\n"
                + "Classification check: 4 tests, 3 unclassified.\n");
  }

  @Test
  void failsUnderStrictAndHonoursExclusions() throws IOException {
    compile(
        "demo/LegacyTest.java",
        "package demo; import org.junit.jupiter.api.Test; class LegacyTest { @Test void a() {} }");

    assertThat(check("--strict", classes.toString())).isEqualTo(1);
    assertThat(out.toString(StandardCharsets.UTF_8))
        .endsWith("Classification check: 1 tests, 1 unclassified: failing (--strict).\n");
    out.reset();
    assertThat(check("--strict", "--exclude", ".*Legacy.*", classes.toString())).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo("Classification check: 0 tests, 0 unclassified.\n");
  }

  @Test
  void rejectsAPathThatIsNotADirectory() {
    assertThat(check(classes.resolve("missing").toString())).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .startsWith("Not a directory of compiled test classes: ");
  }

  @Test
  void countsWhatEachClassificationRuleClassifiedAndPassesStrictWhenNoneIsLeft()
      throws IOException {
    compile(
        "demo/LegacyTest.java",
        "package demo; import org.junit.jupiter.api.Test;"
            + " class LegacyTest { @Test void a() {} @Test void b() {} }",
        "demo/store/StoreTest.java",
        "package demo.store; import org.junit.jupiter.api.Test;"
            + " class StoreTest { @Test void c() {} }");
    Path rules = classes.resolve("rules.properties");
    Files.writeString(rules, "demo.store.** = nightly; integration\n** = pre-merge; unit\n");

    int status = check("--strict", "--rules", rules.toString(), classes.toString());

    assertThat(status).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .isEqualTo(
            "CLASSIFIED BY RULE **: 2 tests\n"
                + "CLASSIFIED BY RULE demo.store.**: 1 tests\n"
                + "Classification check: 3 tests, 3 classified by rule, 0 unclassified.\n");
  }
}
