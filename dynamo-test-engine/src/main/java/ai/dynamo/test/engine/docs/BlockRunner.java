package ai.dynamo.test.engine.docs;

import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/** Runs one block: a shell block in a temporary directory, a Java block through the compiler. */
final class BlockRunner {

  static final int DEFAULT_TIMEOUT_SECONDS = 120;
  private static final int OUTPUT_LINES = 40;

  private BlockRunner() {}

  /**
   * Runs {@code block}, a block of a page in {@code pageDirectory}.
   *
   * @throws ConfigurationException when an attribute has a value outside its choices
   */
  static void run(DocBlock block, Path pageDirectory) throws IOException, InterruptedException {
    switch (block.language().toLowerCase(Locale.ROOT)) {
      case "sh", "bash", "shell" -> shell(block, pageDirectory);
      case "java" -> compile(block);
      default ->
          throw new TestAbortedException(
              block.describe()
                  + ": cannot run a '"
                  + block.language()
                  + "' block (sh, bash, java)");
    }
  }

  private static void shell(DocBlock block, Path pageDirectory)
      throws IOException, InterruptedException {
    String where = block.attributes().getOrDefault("dir", "temp");
    Path dir =
        switch (where) {
          case "temp" -> Files.createTempDirectory("dynamo-doc-block");
          case "copy" -> WorkingCopy.of(pageDirectory);
          default ->
              throw new ConfigurationException(
                  block.describe()
                      + ": unknown dir '"
                      + where
                      + "'. Valid values: temp (a new empty directory, the default), copy (a copy"
                      + " of the page's directory without target/ and .git/).");
        };
    Path output = Files.createTempFile("dynamo-doc-block", ".output");
    int timeout =
        Integer.parseInt(
            block.attributes().getOrDefault("timeout", String.valueOf(DEFAULT_TIMEOUT_SECONDS)));
    Process process =
        new ProcessBuilder("bash", "-e", "-c", block.text())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!process.waitFor(timeout, TimeUnit.SECONDS)) {
      // A block that builds a project leaves JVMs of its own: stop them too.
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      throw new AssertionFailedError(
          block.describe() + " did not finish within " + timeout + " s. Output:\n" + tail(output));
    }
    if (process.exitValue() != 0) {
      throw new AssertionFailedError(
          block.describe()
              + " exited with status "
              + process.exitValue()
              + " in "
              + dir
              + ". Output:\n"
              + tail(output));
    }
    Files.delete(output);
    if (where.equals("copy")) {
      WorkingCopy.delete(dir);
    }
  }

  private static String tail(Path output) throws IOException {
    List<String> lines = Files.readAllLines(output, StandardCharsets.UTF_8);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES), lines.size()));
  }

  /**
   * Compiles a Java block against the test class path. A block that declares no type is a fragment:
   * its imports are kept and the rest becomes the body of a method.
   */
  private static void compile(DocBlock block) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new TestAbortedException("Java blocks need a JDK: this runtime has no compiler");
    }
    Path dir = Files.createTempDirectory("dynamo-doc-java");
    String source = block.text();
    String name = "Snippet";
    java.util.regex.Matcher type =
        java.util.regex.Pattern.compile(
                "(?m)^\\s*(?:public\\s+|final\\s+|abstract\\s+)*(?:class|interface|record|enum)\\s+(\\w+)")
            .matcher(source);
    if (type.find()) {
      name = type.group(1);
    } else {
      String imports =
          source
              .lines()
              .filter(l -> l.strip().startsWith("import "))
              .collect(Collectors.joining("\n"));
      String body =
          source
              .lines()
              .filter(l -> !l.strip().startsWith("import "))
              .collect(Collectors.joining("\n"));
      source =
          imports + "\nclass Snippet {\n  void run() throws Exception {\n" + body + "\n  }\n}\n";
    }
    Path file = dir.resolve(name + ".java");
    Files.writeString(file, source);
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StringWriter out = new StringWriter();
    try (StandardJavaFileManager files =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      boolean compiled =
          compiler
              .getTask(
                  out,
                  files,
                  diagnostics,
                  List.of(
                      "-proc:none",
                      "-d",
                      dir.resolve("classes").toString(),
                      "-classpath",
                      System.getProperty("java.class.path")),
                  null,
                  files.getJavaFileObjects(file))
              .call();
      if (!compiled) {
        throw new AssertionFailedError(
            block.describe()
                + " does not compile:\n"
                + diagnostics.getDiagnostics().stream()
                    .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                    .collect(Collectors.joining("\n")));
      }
    }
  }
}
