import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a real-shaped JUnit 5 suite as a Maven project: thousands of legacy (unclassified) test
 * classes with some classified by {@code @Stage}/{@code @TestType}, every kind of invocation
 * (parameterized with hundreds of invocations, repeated, dynamic tests in nested containers,
 * {@code @Nested} three deep), assumptions in a test and in {@code @BeforeAll}, {@code @Disabled}
 * methods and classes, a {@code @BeforeAll} that throws, three deliberate assertion failures and
 * three errors (a test that throws, the {@code @BeforeAll}, and a {@code @TestFactory} whose stream
 * ends in JUnit's own error: a dynamic test named only NUL is blank to JUnit, which trims control
 * characters), and display names and parameters with hard characters (lone surrogates, NUL and
 * control characters, right-to-left text, emoji, 10,000-character strings, {@code |}, backticks,
 * {@code <script>}).
 *
 * <pre>{@code
 * java GenerateSuite.java <dir> <classes> <dynamo version> <junit version> <surefire version>
 * }</pre>
 *
 * <p>The project's {@code dynamo} profile adds {@code dynamo-test-engine} to the test class path;
 * without it the suite runs on plain Jupiter (with {@code dynamo-test-api}, as a project that has
 * adopted the annotations does). Surefire ignores test failures, so that every build completes.
 */
public final class GenerateSuite {

  private static final String BASE = "bench.suite";

  private final Path sources;
  private int methods;
  private long invocations;

  private GenerateSuite(Path sources) {
    this.sources = sources;
  }

  public static void main(String[] args) throws IOException {
    if (args.length != 5) {
      System.err.println(
          "usage: java GenerateSuite.java <dir> <classes> <dynamo version> <junit version>"
              + " <surefire version>");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    int classes = Integer.parseInt(args[1]);
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("pom.xml"), pom(args[2], args[3], args[4]));
    GenerateSuite suite = new GenerateSuite(dir.resolve("src/test/java"));
    suite.write();
    for (int i = 0; i < classes; i++) {
      suite.regular(i);
    }
    System.out.printf(
        Locale.ROOT,
        "Generated %,d test classes (+ 8 special), %,d test methods, ~%,d invocations into %s%n",
        classes,
        suite.methods,
        suite.invocations,
        dir);
  }

  private void write() {
    work();
    nestedThreeDeep();
    assumptionsInTests();
    assumptionInBeforeAll();
    disabledMethods();
    disabledClass();
    beforeAllThrows();
    hardCharacters();
    failures();
  }

  /** Sub-millisecond work, so that bodies are not empty but do not dominate either. */
  private void work() {
    file(
        "Work",
        """
        public final class Work {
          private Work() {}

          /** A few microseconds of arithmetic the JIT cannot drop. */
          public static long mix(long seed, int rounds) {
            long x = seed * 0x9E3779B97F4A7C15L + 1;
            for (int i = 0; i < rounds; i++) {
              x ^= x << 13;
              x ^= x >>> 7;
              x ^= x << 17;
            }
            return x | 1;
          }
        }
        """);
  }

  private void regular(int i) {
    boolean classified = i % 8 == 0;
    String name = (classified ? "Classified" : "Legacy") + i + "Test";
    int params = 100 + (i * 37) % 301;
    int repeats = 10 + i % 21;
    StringBuilder body = new StringBuilder();
    body.append(
        """
        import static org.junit.jupiter.api.Assertions.*;
        import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
        import static org.junit.jupiter.api.DynamicTest.dynamicTest;

        import java.util.stream.IntStream;
        import java.util.stream.Stream;
        import org.junit.jupiter.api.*;
        import org.junit.jupiter.params.ParameterizedTest;
        import org.junit.jupiter.params.provider.*;
        """);
    if (classified) {
      String[] stages = {
        "Lifecycle.PRE_MERGE", "Lifecycle.NIGHTLY", "Lifecycle.PRE_COMMIT, Lifecycle.PRE_MERGE"
      };
      String[] kinds = {"TestKind.UNIT", "TestKind.INTEGRATION", "TestKind.UNIT"};
      body.append("import ai.dynamo.test.api.*;\n\n")
          .append("@Stage({")
          .append(stages[(i / 8) % 3])
          .append("})\n@TestType(")
          .append(kinds[(i / 8) % 3])
          .append(")\n");
    }
    body.append("class ").append(name).append(" {\n");
    for (int m = 0; m < 10; m++) {
      body.append("  @Test\n  void behaviour")
          .append(m)
          .append("() {\n    assertNotEquals(0L, Work.mix(")
          .append(i * 10 + m)
          .append(", ")
          .append(m % 3 == 0 ? 2_000 : 50)
          .append("));\n  }\n\n");
    }
    body.append("  @ParameterizedTest\n  @MethodSource(\"values\")\n")
        .append("  void parameterized(int value) {\n")
        .append("    assertTrue(Work.mix(value, 20) != 0);\n  }\n\n")
        .append("  static IntStream values() {\n    return IntStream.range(0, ")
        .append(params)
        .append(");\n  }\n\n");
    body.append("  @ParameterizedTest(name = \"{index}: {0} + {1}\")\n")
        .append("  @CsvSource({\"1, 2\", \"3, 4\", \"'a|b', 5\", \"'<i>', 6\"})\n")
        .append("  void csv(String left, int right) {\n")
        .append("    assertNotNull(left + right);\n  }\n\n");
    body.append("  @RepeatedTest(")
        .append(repeats)
        .append(")\n  void repeated(RepetitionInfo info) {\n")
        .append("    assertTrue(info.getCurrentRepetition() <= info.getTotalRepetitions());\n")
        .append("  }\n\n");
    body.append(
        """
          @TestFactory
          Stream<DynamicNode> dynamic() {
            return IntStream.range(0, 2)
                .mapToObj(
                    g ->
                        dynamicContainer(
                            "group " + g,
                            Stream.of(
                                dynamicContainer(
                                    "inner " + g,
                                    IntStream.range(0, 4)
                                        .mapToObj(
                                            t ->
                                                dynamicTest(
                                                    "case " + t,
                                                    () -> assertNotEquals(0L, Work.mix(t, 30))))),
                                dynamicTest("direct " + g, () -> assertTrue(g >= 0)))));
          }
        """);
    methods += 14;
    invocations += 10 + params + 4 + repeats + 10;
    if (i % 40 == 7) {
      body.append(
          """

            @Nested
            class WhenNested {
              @Test
              void inner() {
                assertTrue(true);
              }

              @ParameterizedTest
              @ValueSource(ints = {1, 2, 3, 4, 5})
              void innerParameterized(int value) {
                assertTrue(value > 0);
              }
            }
          """);
      methods += 2;
      invocations += 6;
    }
    body.append("}\n");
    file(name, body.toString());
  }

  private void nestedThreeDeep() {
    file(
        "NestedThreeDeepTest",
        """
        import static org.junit.jupiter.api.Assertions.*;

        import org.junit.jupiter.api.*;
        import org.junit.jupiter.params.ParameterizedTest;
        import org.junit.jupiter.params.provider.ValueSource;

        class NestedThreeDeepTest {
          @Test
          void outer() {
            assertTrue(true);
          }

          @Nested
          class LevelOne {
            @Test
            void one() {
              assertTrue(true);
            }

            @Nested
            class LevelTwo {
              @RepeatedTest(3)
              void two() {
                assertTrue(true);
              }

              @Nested
              @DisplayName("level three \\u2013 deepest")
              class LevelThree {
                @ParameterizedTest
                @ValueSource(strings = {"a", "b", "c"})
                void three(String value) {
                  assertFalse(value.isEmpty());
                }

                @Test
                @Disabled("disabled three levels deep")
                void disabledDeep() {}

                @Test
                void assumedDeep() {
                  Assumptions.assumeTrue(false, "assumption three levels deep");
                }
              }
            }
          }
        }
        """);
    methods += 6;
    invocations += 10;
  }

  private void assumptionsInTests() {
    file(
        "AssumptionsInTestsTest",
        """
        import static org.junit.jupiter.api.Assertions.*;
        import static org.junit.jupiter.api.Assumptions.*;

        import org.junit.jupiter.api.*;
        import org.junit.jupiter.params.ParameterizedTest;
        import org.junit.jupiter.params.provider.ValueSource;

        class AssumptionsInTestsTest {
          @Test
          void passes() {
            assertTrue(true);
          }

          @Test
          void abortsByAssumption() {
            assumeTrue(false, "needs a GPU");
          }

          @Test
          void abortsByAssumingThat() {
            assumeFalse(true, () -> "not on this OS");
          }

          @ParameterizedTest
          @ValueSource(ints = {1, 2, 3, 4, 5, 6})
          void abortsOddValues(int value) {
            assumeTrue(value % 2 == 0, "odd value " + value);
            assertEquals(0, value % 2);
          }
        }
        """);
    methods += 4;
    invocations += 9;
  }

  private void assumptionInBeforeAll() {
    file(
        "AssumptionInBeforeAllTest",
        """
        import static org.junit.jupiter.api.Assertions.*;

        import org.junit.jupiter.api.*;
        import org.junit.jupiter.params.ParameterizedTest;
        import org.junit.jupiter.params.provider.ValueSource;

        class AssumptionInBeforeAllTest {
          @BeforeAll
          static void requireService() {
            Assumptions.assumeTrue(false, "the service is not reachable");
          }

          @Test
          void first() {
            fail("must not run");
          }

          @Test
          void second() {
            fail("must not run");
          }

          @ParameterizedTest
          @ValueSource(ints = {1, 2, 3})
          void parameterized(int value) {
            fail("must not run");
          }
        }
        """);
    methods += 3;
    invocations += 5;
  }

  private void disabledMethods() {
    file(
        "DisabledMethodsTest",
        """
        import static org.junit.jupiter.api.Assertions.*;

        import org.junit.jupiter.api.*;
        import org.junit.jupiter.params.ParameterizedTest;
        import org.junit.jupiter.params.provider.ValueSource;

        class DisabledMethodsTest {
          @Test
          void runs() {
            assertTrue(true);
          }

          @Test
          @Disabled("flaky on CI, see #123")
          void disabledWithReason() {}

          @Test
          @Disabled
          void disabledWithoutReason() {}

          @ParameterizedTest
          @ValueSource(ints = {1, 2, 3})
          @Disabled("disabled parameterized test")
          void disabledParameterized(int value) {}

          @RepeatedTest(5)
          @Disabled("disabled repeated test")
          void disabledRepeated() {}
        }
        """);
    methods += 5;
    invocations += 5;
  }

  private void disabledClass() {
    file(
        "DisabledClassTest",
        """
        import org.junit.jupiter.api.*;
        import org.junit.jupiter.params.ParameterizedTest;
        import org.junit.jupiter.params.provider.ValueSource;

        @Disabled("the whole class is disabled")
        class DisabledClassTest {
          @Test
          void one() {}

          @Test
          void two() {}

          @ParameterizedTest
          @ValueSource(ints = {1, 2})
          void parameterized(int value) {}

          @Nested
          class Inner {
            @Test
            void innerTest() {}
          }
        }
        """);
    methods += 4;
    invocations += 4;
  }

  private void beforeAllThrows() {
    file(
        "BeforeAllThrowsTest",
        """
        import org.junit.jupiter.api.*;
        import org.junit.jupiter.params.ParameterizedTest;
        import org.junit.jupiter.params.provider.ValueSource;

        class BeforeAllThrowsTest {
          @BeforeAll
          static void connect() {
            throw new IllegalStateException("cannot connect to the database");
          }

          @Test
          void first() {}

          @Test
          void second() {}

          @ParameterizedTest
          @ValueSource(ints = {1, 2, 3})
          void parameterized(int value) {}
        }
        """);
    methods += 3;
    invocations += 5;
  }

  private static final List<String> HARD =
      List.of(
          "\uD800",
          "lone low \uDFFF surrogate",
          "a\uD83Dz",
          "nul \0 inside",
          "\0",
          "controls \u0001\u0007\b\u000B\f\u001B[31m red \u001B[0m\u007F",
          "line one\nline two\r\nline three",
          "tab\there",
          "\u202Eright-to-left override\u202C",
          "\u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD",
          "\u0645\u0631\u062D\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645",
          "emoji \uD83D\uDE00 \uD83D\uDE80 \uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
          "x".repeat(10_000),
          "|pipe|table|cell|",
          "`code` ``` fence",
          "<script>alert('x')</script>",
          "&amp; \"quotes\" 'apostrophes' ]]> <!-- -->",
          "${dynamo.stage} %s %n {0}",
          "\\backslash\\ and / slash",
          "");

  private void hardCharacters() {
    StringBuilder hard = new StringBuilder();
    for (String value : HARD) {
      hard.append("        ").append(literal(value)).append(",\n");
    }
    hard.setLength(hard.length() - 2);
    String longName = literal("long display name " + "y".repeat(10_000));
    file(
        "HardCharactersTest",
        """
        import static org.junit.jupiter.api.Assertions.*;
        import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
        import static org.junit.jupiter.api.DynamicTest.dynamicTest;

        import java.util.List;
        import java.util.stream.Stream;
        import org.junit.jupiter.api.*;
        import org.junit.jupiter.params.ParameterizedTest;
        import org.junit.jupiter.params.provider.MethodSource;

        @DisplayName("hard \\u202E\\u05E9\\u05DC\\u05D5\\u05DD \\uD83D\\uDE00 | ` <script>x</script> \\uD800")
        class HardCharactersTest {
          static final List<String> HARD =
              List.of(
        %s);

          static Stream<String> hard() {
            return HARD.stream();
          }

          @ParameterizedTest(name = "{index}: [{0}]")
          @MethodSource("hard")
          void hardParameter(String value) {
            assertNotNull(value);
          }

          @ParameterizedTest
          @MethodSource("hard")
          void hardParameterDefaultName(String value) {
            assertNotNull(value);
          }

          @TestFactory
          Stream<DynamicNode> hardDynamicNames() {
            return Stream.of(
                dynamicContainer(
                    "container \\0 \\uD800 | `",
                    HARD.stream()
                        // "\\0" stays: JUnit rejects it as blank, an error in the factory.
                        .map(name -> name.isEmpty() ? "(empty)" : name)
                        .map(name -> dynamicTest(name, () -> assertNotNull(name)))));
          }

          @Test
          @DisplayName("nul \\0 control \\u0001\\u001B[31m pipe | backtick ` <script>alert(1)</script>")
          void controlsInDisplayName() {}

          @Test
          @DisplayName("lone \\uD800 surrogate and \\uDC00 another")
          void loneSurrogateInDisplayName() {}

          @Test
          @DisplayName("\\u202Eevil.exe \\u0627\\u0644\\u0639\\u0631\\u0628\\u064A\\u0629 \\uD83D\\uDCA5")
          void rightToLeftAndEmojiInDisplayName() {}

          @Test
          @DisplayName(%s)
          void longDisplayName() {}

          @Test
          @DisplayName("fails with hard characters \\uD800 \\0 | `")
          void skippedWithHardReason() {
            Assumptions.assumeTrue(false, "reason with \\uD800 \\0 \\u202E | ` <script>");
          }
        }
        """
            .formatted(hard, longName));
    methods += 8;
    invocations += 3L * HARD.size() + 5;
  }

  private void failures() {
    file(
        "FailuresTest",
        """
        import static org.junit.jupiter.api.Assertions.*;

        import org.junit.jupiter.api.*;
        import org.junit.jupiter.params.ParameterizedTest;
        import org.junit.jupiter.params.provider.ValueSource;

        /** Deliberate: 3 assertion failures and 1 error. */
        class FailuresTest {
          @Test
          void passes() {
            assertTrue(true);
          }

          @Test
          void failsAnAssertion() {
            assertEquals(42, 41, "the answer");
          }

          @Test
          void failsWithHardMessage() {
            fail("message with \\uD800 \\0 \\u202E | ` <script>alert(1)</script>");
          }

          @Test
          void throwsAnError() {
            throw new IllegalStateException("an error, not an assertion");
          }

          @ParameterizedTest
          @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
          void oneInvocationFails(int value) {
            assertNotEquals(7, value);
          }
        }
        """);
    methods += 5;
    invocations += 14;
  }

  /** A Java string literal for {@code value} that survives any source encoding. */
  static String literal(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7F) {
            // Not \\u000A and friends: Unicode escapes are translated before the lexer runs.
            out.append(String.format(Locale.ROOT, "\\%03o", (int) c));
          } else if (c > 0x7E) {
            out.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private void file(String name, String body) {
    String pkg = BASE;
    Path file = sources.resolve(pkg.replace('.', '/')).resolve(name + ".java");
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, "package " + pkg + ";\n\n" + body, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pom(String dynamo, String junit, String surefire) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Generated by benchmarks/real-suites/GenerateSuite.java: do not edit, do not commit. -->
        <project xmlns="http://maven.apache.org/POM/4.0.0"
                 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                 xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 https://maven.apache.org/xsd/maven-4.0.0.xsd">
          <modelVersion>4.0.0</modelVersion>
          <groupId>bench</groupId>
          <artifactId>real-shaped-suite</artifactId>
          <version>1.0</version>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencyManagement>
            <dependencies>
              <dependency>
                <groupId>org.junit</groupId>
                <artifactId>junit-bom</artifactId>
                <version>%2$s</version>
                <type>pom</type>
                <scope>import</scope>
              </dependency>
            </dependencies>
          </dependencyManagement>
          <dependencies>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <scope>test</scope>
            </dependency>
            <dependency>
              <groupId>ai.dynamo.test</groupId>
              <artifactId>dynamo-test-api</artifactId>
              <version>%1$s</version>
              <scope>test</scope>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-resources-plugin</artifactId>
                <version>3.3.1</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-compiler-plugin</artifactId>
                <version>3.14.0</version>
              </plugin>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-surefire-plugin</artifactId>
                <version>%3$s</version>
                <configuration>
                  <testFailureIgnore>true</testFailureIgnore>
                </configuration>
              </plugin>
            </plugins>
          </build>
          <profiles>
            <profile>
              <id>dynamo</id>
              <dependencies>
                <dependency>
                  <groupId>ai.dynamo.test</groupId>
                  <artifactId>dynamo-test-engine</artifactId>
                  <version>%1$s</version>
                  <scope>test</scope>
                </dependency>
              </dependencies>
            </profile>
          </profiles>
        </project>
        """
        .formatted(dynamo, junit, surefire);
  }
}
