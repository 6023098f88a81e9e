package ai.dynamo.test.engine.merge;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A runner of another language whose JUnit XML {@link MergeReports} merges, and how a test's name
 * is read from its {@code testcase}.
 */
enum ForeignRunner {
  /**
   * pytest's {@code --junitxml}: the name is the node id, {@code
   * tests/unit/test_a.py::TestB::test_c[1]}, from the {@code file} attribute ({@code
   * junit_family=xunit1}) or, without it, from the dotted {@code classname}, whose module is its
   * last part named {@code test_*} or {@code *_test}.
   */
  PYTEST {
    @Override
    String name(String suite, String className, String name, String file) {
      List<String> parts = List.of(className.split("\\."));
      String path;
      List<String> classes;
      if (!file.isEmpty()) {
        path = file.replace('\\', '/');
        String module = path.replaceFirst("\\.py$", "").replace('/', '.');
        classes =
            className.startsWith(module + ".")
                ? List.of(className.substring(module.length() + 1).split("\\."))
                : List.of();
      } else {
        int module = parts.size() - 1;
        while (module > 0 && !isModule(parts.get(module))) {
          module--;
        }
        path = String.join("/", parts.subList(0, module + 1)) + ".py";
        classes = parts.subList(module + 1, parts.size());
      }
      StringBuilder id = new StringBuilder(className.isEmpty() ? suite : path);
      classes.forEach(c -> id.append("::").append(c));
      return id.append("::").append(name).toString();
    }

    private static boolean isModule(String part) {
      return part.startsWith("test_") || part.endsWith("_test") || part.equals("test");
    }
  },

  /**
   * cargo-nextest's JUnit output: a {@code testsuite} per test binary, the {@code classname} the
   * binary ({@code crate} or {@code crate::binary}), the name the test's path in it; the name is
   * {@code crate::binary::module::test}.
   */
  NEXTEST {
    @Override
    String name(String suite, String className, String name, String file) {
      return (className.isEmpty() ? suite : className) + "::" + name;
    }
  };

  /** The test's name in reports and for the rules' name patterns. */
  abstract String name(String suite, String className, String name, String file);

  /** {@code pytest}, {@code nextest}. */
  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Optional<ForeignRunner> parse(String text) {
    return Arrays.stream(values()).filter(r -> r.label().equals(text.strip())).findFirst();
  }

  /** {@code pytest, nextest}. */
  static String all() {
    return Arrays.stream(values()).map(ForeignRunner::label).collect(Collectors.joining(", "));
  }
}
