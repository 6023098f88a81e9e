package ai.dynamo.test.engine.environment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

/** The log file of one service instance: created unique, appended to across restarts. */
final class ServiceLog {

  /** The marker line written before each start; counting them counts starts. */
  static final String START_MARKER = "=== dynamo-test: starting ";

  private final Path file;

  private ServiceLog(Path file) {
    this.file = file;
  }

  /** A new log file {@code <directory>/<base>-<service>.log}, numbered if the name is taken. */
  static ServiceLog create(Path directory, String base, String service) {
    try {
      Files.createDirectories(directory);
      String stem = sanitize(base) + "-" + service;
      for (int n = 1; ; n++) {
        Path candidate = directory.resolve(stem + (n == 1 ? "" : "-" + n) + ".log");
        try {
          Files.createFile(candidate);
          return new ServiceLog(candidate);
        } catch (FileAlreadyExistsException taken) {
          // the same test ran before in this run (repeated, parameterized): next number
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a service log under " + directory, e);
    }
  }

  private static String sanitize(String name) {
    return name.replaceAll("[^A-Za-z0-9_.\\-\\[\\]]", "_");
  }

  Path file() {
    return file;
  }

  void note(String line) {
    try {
      Files.writeString(
          file,
          line + System.lineSeparator(),
          StandardCharsets.UTF_8,
          StandardOpenOption.APPEND,
          StandardOpenOption.CREATE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void noteStart(String what) {
    note(START_MARKER + what + " at " + Instant.now());
  }

  void append(byte[] bytes) {
    try {
      Files.write(file, bytes, StandardOpenOption.APPEND, StandardOpenOption.CREATE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long size() {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /** The text written since {@code offset}. */
  String since(long offset) {
    try {
      byte[] all = Files.readAllBytes(file);
      int from = (int) Math.min(offset, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** The last {@code lines} lines, for failure messages. */
  String tail(int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** "log FILE ends with:\n..." for failure messages. */
  String describeTail() {
    String tail = tail(20);
    return "Log " + file + (tail.isBlank() ? " is empty." : " ends with:\n" + tail);
  }
}
