import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Generates the multi-module Maven project of the mutation study: modules {@code core}, {@code
 * pricing} (depends on core) and {@code api} (depends on pricing), each with {@code n} main classes
 * whose methods hold conditions, constants, arithmetic and calls, a test class per main class that
 * checks exact values (so most mutations are caught), and one main class per module that no test
 * reaches. Pricing calls two core classes, api one pricing class: a change in core reaches tests in
 * all three modules, a change in api only api's. Tests carry {@code @Stage} and {@code @TestType}.
 *
 * <pre>{@code
 * java GenerateProject.java <dir> <classes per module> <dynamo version> <junit version> <surefire version>
 * }</pre>
 */
public final class GenerateProject {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    String dynamo = args[2];
    String junit = args[3];
    String surefire = args[4];
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("pom.xml"), parent(dynamo, junit, surefire));
    module(dir, "core", null, n);
    module(dir, "pricing", "core", n);
    module(dir, "api", "pricing", n);
    Files.writeString(dir.resolve(".gitignore"), "target/\n");
    System.out.println("Generated 3 modules x " + n + " classes into " + dir);
  }

  private static void module(Path root, String name, String dependsOn, int n) throws Exception {
    Path dir = root.resolve(name);
    Path main = dir.resolve("src/main/java/bench/" + name);
    Path test = dir.resolve("src/test/java/bench/" + name);
    Files.createDirectories(main);
    Files.createDirectories(test);
    Files.writeString(dir.resolve("pom.xml"), modulePom(name, dependsOn));
    for (int k = 0; k < n; k++) {
      Files.writeString(main.resolve(type(name, k) + ".java"), mainClass(name, k, n));
      Files.writeString(test.resolve(type(name, k) + "Test.java"), testClass(name, k, n));
    }
    Files.writeString(main.resolve(type(name, n) + ".java"), mainClass(name, n, n));
  }

  private static String type(String module, int k) {
    return Character.toUpperCase(module.charAt(0)) + module.substring(1) + k;
  }

  private static String mainClass(String module, int k, int n) {
    String body =
        switch (module) {
          case "core" ->
              """
                public static int scale(int x) {
                  if (x < %1$d) {
                    return x * 2 + %1$d;
                  }
                  return x - %1$d;
                }

                public static boolean inRange(int x) {
                  return x >= %1$d && x <= %1$d * 10;
                }

                public static int sum(int[] values) {
                  int total = 0;
                  for (int value : values) {
                    total = total + value;
                  }
                  return total + %1$d;
                }
              """
                  .formatted(k + 3);
          case "pricing" ->
              """
                public static int price(int units) {
                  return bench.core.Core%1$d.scale(units) + bench.core.Core%2$d.sum(new int[] {units, %3$d});
                }

                public static String label(int units) {
                  if (bench.core.Core%1$d.inRange(units) || units == %3$d) {
                    return "in";
                  }
                  return "out";
                }

                public static int discount(int units, boolean member) {
                  int base = member ? %3$d : 1;
                  return Math.max(0, price(units) - base);
                }
              """
                  .formatted(k % n, (k + 1) % n, k + 2);
          default ->
              """
                private final StringBuilder log = new StringBuilder();

                public String quote(int units) {
                  log.append(units);
                  return bench.pricing.Pricing%1$d.label(units) + ":" + bench.pricing.Pricing%1$d.price(units);
                }

                public int requests() {
                  return log.length() == 0 ? 0 : log.toString().split(",", -1).length + %2$d;
                }

                public boolean accepts(int units) {
                  return units > 0 && units != %2$d;
                }
              """
                  .formatted(k % n, k + 5);
        };
    return "package bench.%s;%n%npublic final class %s {%n%n%s}%n"
        .formatted(module, type(module, k), body);
  }

  private static String testClass(String module, int k, int n) {
    String checks =
        switch (module) {
          case "core" -> {
            int c = k + 3;
            yield """
                  @Test
                  void scalesBelowAndAbove() {
                    assertEquals(%1$d, %5$s.scale(1));
                    assertEquals(%2$d, %5$s.scale(%3$d));
                  }

                  @Test
                  void knowsItsRange() {
                    assertTrue(%5$s.inRange(%3$d));
                    assertFalse(%5$s.inRange(%4$d));
                    assertFalse(%5$s.inRange(%3$d - 1));
                  }

                  @Test
                  void sums() {
                    assertEquals(%6$d, %5$s.sum(new int[] {1, 2, 3}));
                  }
                """
                .formatted(2 + c, 0, c, c * 10 + 1, type("core", k), 6 + c);
          }
          case "pricing" -> {
            int a = k % n + 3;
            int b = (k + 1) % n + 3;
            int extra = k + 2;
            int price10 = (10 < a ? 20 + a : 10 - a) + (10 + extra + b);
            yield """
                  @Test
                  void prices() {
                    assertEquals(%1$d, %2$s.price(10));
                  }

                  @Test
                  void labels() {
                    assertEquals("out", %2$s.label(1));
                    assertEquals("in", %2$s.label(%3$d));
                  }

                  @Test
                  void discountsMembers() {
                    assertEquals(%1$d - %4$d, %2$s.discount(10, true));
                    assertEquals(%1$d - 1, %2$s.discount(10, false));
                  }
                """
                .formatted(price10, type("pricing", k), a, extra);
          }
          default ->
              """
                @Test
                void quotes() {
                  %1$s endpoint = new %1$s();
                  assertTrue(endpoint.quote(1).startsWith("out:"));
                  assertEquals(%2$d, endpoint.requests());
                }

                @Test
                void acceptsPositiveUnits() {
                  %1$s endpoint = new %1$s();
                  assertTrue(endpoint.accepts(1));
                  assertFalse(endpoint.accepts(0));
                  assertFalse(endpoint.accepts(%3$d));
                }
              """
                  .formatted(type("api", k), 1 + k + 5, k + 5);
        };
    return """
        package bench.%1$s;

        import static org.junit.jupiter.api.Assertions.assertEquals;
        import static org.junit.jupiter.api.Assertions.assertFalse;
        import static org.junit.jupiter.api.Assertions.assertTrue;

        import ai.dynamo.test.api.Lifecycle;
        import ai.dynamo.test.api.Stage;
        import ai.dynamo.test.api.TestKind;
        import ai.dynamo.test.api.TestType;
        import org.junit.jupiter.api.Test;

        @Stage(Lifecycle.PRE_MERGE)
        @TestType(TestKind.UNIT)
        class %2$sTest {

        %3$s}
        """
        .formatted(module, type(module, k), checks);
  }

  private static String parent(String dynamo, String junit, String surefire) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>bench.affected</groupId>
          <artifactId>generated</artifactId>
          <version>1</version>
          <packaging>pom</packaging>
          <modules>
            <module>core</module>
            <module>pricing</module>
            <module>api</module>
          </modules>
          <properties>
            <maven.compiler.release>17</maven.compiler.release>
            <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
          </properties>
          <dependencies>
            <dependency>
              <groupId>org.junit.jupiter</groupId>
              <artifactId>junit-jupiter</artifactId>
              <version>%2$s</version>
              <scope>test</scope>
            </dependency>
            <dependency>
              <groupId>ai.dynamo.test</groupId>
              <artifactId>dynamo-test-api</artifactId>
              <version>%1$s</version>
              <scope>test</scope>
            </dependency>
            <dependency>
              <groupId>ai.dynamo.test</groupId>
              <artifactId>dynamo-test-engine</artifactId>
              <version>%1$s</version>
              <scope>test</scope>
            </dependency>
          </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-surefire-plugin</artifactId>
                <version>%3$s</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """
        .formatted(dynamo, junit, surefire);
  }

  private static String modulePom(String name, String dependsOn) {
    String dependency =
        dependsOn == null
            ? ""
            : """
                <dependencies>
                  <dependency>
                    <groupId>bench.affected</groupId>
                    <artifactId>%s</artifactId>
                    <version>1</version>
                  </dependency>
                </dependencies>
              """
                .formatted(dependsOn);
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <parent>
            <groupId>bench.affected</groupId>
            <artifactId>generated</artifactId>
            <version>1</version>
          </parent>
          <artifactId>%s</artifactId>
        %s</project>
        """
        .formatted(name, dependency);
  }
}
