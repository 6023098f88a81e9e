package ai.dynamo.test.engine.affected;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ai.dynamo.test.engine.DynamoTestEngine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.EngineFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * A small project in a temporary git repository, as a user's module looks to the engine: the
 * fixture classes of {@code affected.fixture} compiled into its {@code target/classes} (main code)
 * and {@code target/test-classes} (test classes), their sources under {@code src/main/java} and
 * {@code src/test/java}, a {@code pom.xml}, a resource and a doc, all committed with the real
 * {@code git}. Its test classes are loaded from its own {@code target}, so the engine finds the
 * project's module, history and work tree from them.
 */
final class FixtureRepo {

  static final String PACKAGE = "ai.dynamo.test.engine.affected.fixture";
  static final String SOURCES = PACKAGE.replace('.', '/');
  static final List<String> MAIN = List.of("Pricing", "Shipping");
  static final List<String> CHECKS =
      List.of("PricingCheck", "ShippingCheck", "FreshCheck", "EndToEndCheck");

  final Path dir;
  final Path history;
  final Path reports;
  private final ClassLoader loader;

  private FixtureRepo(Path dir) {
    this.dir = dir;
    this.history = dir.resolve("target/dynamo-history");
    this.reports = dir.resolve("target/dynamo");
    this.loader = new FixtureLoader(dir);
  }

  /** The project, committed, with its classes compiled; no map yet. */
  static FixtureRepo create(Path dir) throws Exception {
    FixtureRepo repo = withClasses(dir);
    repo.git("init", "-q");
    for (String name : MAIN) {
      repo.write("src/main/java/" + SOURCES + "/" + name + ".java", "class " + name + " {}\n");
    }
    for (String name : CHECKS) {
      repo.write("src/test/java/" + SOURCES + "/" + name + ".java", "class " + name + " {}\n");
    }
    repo.write("pom.xml", "<project/>\n");
    repo.write("src/main/resources/app.properties", "rate=20\n");
    repo.write("docs/guide.md", "# Guide\n");
    repo.write(".gitignore", "target/\n");
    repo.commit("first");
    return repo;
  }

  /** The compiled classes of the project in {@code dir/target}, for a clone of the repository. */
  static FixtureRepo withClasses(Path dir) throws IOException {
    for (String name : MAIN) {
      copyClass(name, dir.resolve("target/classes"));
    }
    for (String name : CHECKS) {
      copyClass(name, dir.resolve("target/test-classes"));
    }
    return new FixtureRepo(dir);
  }

  private static void copyClass(String name, Path into) throws IOException {
    String file = SOURCES + "/" + name + ".class";
    try (var in = FixtureRepo.class.getClassLoader().getResourceAsStream(file)) {
      Files.createDirectories(into.resolve(file).getParent());
      Files.write(into.resolve(file), in.readAllBytes());
    }
  }

  /** Runs the real {@code git} in the project; fails the test when it fails. */
  String git(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of("git", "-c", "user.name=t"));
    command.addAll(List.of("-c", "user.email=t@example.com", "-c", "commit.gpgsign=false"));
    command.addAll(List.of(arguments));
    Path log = Files.createTempFile("fixture-git", ".log");
    try {
      Process git =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      assertThat(git.waitFor(60, TimeUnit.SECONDS)).as("git finished").isTrue();
      String output = Files.readString(log);
      assertThat(git.exitValue()).as("git " + String.join(" ", arguments) + ": " + output).isZero();
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  void commit(String message) throws Exception {
    git("add", "-A");
    git("commit", "-q", "-m", message);
  }

  void write(String path, String content) throws IOException {
    Files.createDirectories(dir.resolve(path).getParent());
    Files.writeString(dir.resolve(path), content);
  }

  /**
   * Records the map a run with the agent would have: each test class with the classes it reached.
   */
  void map(Map<String, List<String>> reached) {
    List<TestClassMap.Entry> entries = new ArrayList<>();
    reached.forEach(
        (check, classes) -> {
          Map<String, Long> ids = new TreeMap<>();
          classes.forEach(c -> ids.put(PACKAGE + "." + c, id(c)));
          entries.add(new TestClassMap.Entry(PACKAGE + "." + check, id(check), "r1", 1L, ids));
        });
    TestClassMapStore.of(history).write(entries, false);
  }

  /** The class id JaCoCo gives the compiled class {@code simpleName} of the project. */
  long id(String simpleName) {
    return MapRecorder.classId(loader, PACKAGE + "." + simpleName).orElseThrow();
  }

  /** What a run of every test class of the project did. */
  record Run(String console, List<String> testClasses, List<String> rootFailures) {}

  /** Runs every test class of the project through the Launcher, its history and reports its own. */
  Run run(Map<String, String> parameters) throws Exception {
    List<String> ran = new ArrayList<>();
    List<String> rootFailures = new ArrayList<>();
    Map<String, String> all = new HashMap<>(parameters);
    all.putIfAbsent("dynamo.history", history.toString());
    all.putIfAbsent("dynamo.reports.dir", reports.toString());
    all.putIfAbsent("dynamo.progress", "0");
    LauncherDiscoveryRequestBuilder request =
        LauncherDiscoveryRequestBuilder.request()
            .filters(EngineFilter.includeEngines(DynamoTestEngine.ENGINE_ID))
            .configurationParameters(all)
            .enableImplicitConfigurationParameters(false);
    for (String check : CHECKS) {
      request.selectors(selectClass(loader.loadClass(PACKAGE + "." + check)));
    }
    PrintStream original = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      LauncherFactory.create()
          .execute(
              request.build(),
              new TestExecutionListener() {
                @Override
                public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                  if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource m) {
                    ran.add(m.getClassName().substring(PACKAGE.length() + 1));
                  }
                  if (id.getUniqueId().equals("[engine:" + DynamoTestEngine.ENGINE_ID + "]")) {
                    result.getThrowable().ifPresent(t -> rootFailures.add(t.getMessage()));
                  }
                }
              });
    } catch (RuntimeException failedDiscovery) {
      // A configuration error at discovery: the launcher reports it by throwing, with the cause.
      for (Throwable t = failedDiscovery; t != null; t = t.getCause()) {
        rootFailures.add(t.getMessage());
      }
    } finally {
      System.setOut(original);
    }
    return new Run(out.toString(StandardCharsets.UTF_8), ran, rootFailures);
  }

  /** Loads the project's classes from its own {@code target}, everything else as usual. */
  private static final class FixtureLoader extends URLClassLoader {

    FixtureLoader(Path dir) {
      super(urls(dir), FixtureRepo.class.getClassLoader());
    }

    private static URL[] urls(Path dir) {
      try {
        return new URL[] {
          dir.resolve("target/test-classes").toUri().toURL(),
          dir.resolve("target/classes").toUri().toURL()
        };
      } catch (MalformedURLException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(PACKAGE + ".")) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        return loaded != null ? loaded : findClass(name);
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = findResource(name);
      return own != null ? own : super.getResource(name);
    }
  }
}
