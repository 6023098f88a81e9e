package ai.dynamo.test.engine.scheduling;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.apiguardian.api.API;

/**
 * One shard of several, as {@code dynamo.shard=3/8} names it, or as a CI runner's sharding protocol
 * does.
 *
 * <pre>{@code
 * Optional<ShardSpec> shard = ShardSpec.resolve(parameters.get("dynamo.shard"), System::getenv);
 * }</pre>
 *
 * @param index which shard, counting from 1
 * @param count how many shards there are
 * @param from where the shard came from when not from {@code dynamo.shard=index/count}: {@code
 *     Bazel's TEST_SHARD_INDEX=2, TEST_TOTAL_SHARDS=8}; empty otherwise
 */
@API(status = INTERNAL, since = "0.1")
public record ShardSpec(int index, int count, String from) {

  /** The value of {@code dynamo.shard} that reads the shard from the CI runner's environment. */
  public static final String AUTO = "auto";

  /** The runners whose sharding variables {@code dynamo.shard=auto} reads, in this order. */
  private static final List<Protocol> PROTOCOLS =
      List.of(
          new Protocol("Bazel", "TEST_SHARD_INDEX", "TEST_TOTAL_SHARDS", 0),
          new Protocol("GitLab", "CI_NODE_INDEX", "CI_NODE_TOTAL", 1),
          new Protocol("CircleCI", "CIRCLE_NODE_INDEX", "CIRCLE_NODE_TOTAL", 0));

  /**
   * The file Bazel names for a test runner to touch when it shards by {@code TEST_SHARD_INDEX}:
   * Bazel then knows the tests were sharded rather than each run in full by every shard.
   */
  static final String BAZEL_STATUS_FILE = "TEST_SHARD_STATUS_FILE";

  /** A shard given by {@code dynamo.shard=index/count}. */
  public ShardSpec(int index, int count) {
    this(index, count, "");
  }

  /**
   * The shard to run: {@code configured} ({@code dynamo.shard}) when it is {@code index/count};
   * with {@code auto}, the first of Bazel's, GitLab's and CircleCI's variables that is set, or one
   * shard of one (every class) when none is; when not configured, Bazel's variables if they are
   * set, since a Bazel test runner must honour them, and no sharding otherwise. Sharding by Bazel's
   * variables touches the file {@code TEST_SHARD_STATUS_FILE} names, as Bazel asks.
   *
   * @param environment the environment variables, {@code System::getenv} outside tests
   * @throws ConfigurationException naming the key or variables and their bad values
   */
  public static Optional<ShardSpec> resolve(
      Optional<String> configured, Function<String, String> environment) {
    Optional<String> value = configured.map(String::trim).filter(v -> !v.isEmpty());
    if (value.isPresent() && !value.get().equalsIgnoreCase(AUTO)) {
      return Optional.of(parse(value.get()));
    }
    List<Protocol> protocols = value.isPresent() ? PROTOCOLS : PROTOCOLS.subList(0, 1);
    for (Protocol protocol : protocols) {
      Optional<ShardSpec> shard = protocol.read(environment);
      if (shard.isPresent()) {
        if (protocol == PROTOCOLS.get(0)) {
          touch(environment.apply(BAZEL_STATUS_FILE));
        }
        return shard;
      }
    }
    if (value.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new ShardSpec(
            1,
            1,
            "auto, and none of "
                + String.join(", ", PROTOCOLS.stream().map(p -> p.total).toList())
                + " is set: every class runs"));
  }

  /**
   * Parses {@code index/count}.
   *
   * @throws ConfigurationException naming the key and the bad value
   */
  public static ShardSpec parse(String text) {
    String[] parts = text.trim().split("/", -1);
    try {
      if (parts.length == 2) {
        int index = Integer.parseInt(parts[0].trim());
        int count = Integer.parseInt(parts[1].trim());
        if (count >= 1 && index >= 1 && index <= count) {
          return new ShardSpec(index, count);
        }
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigurationException(
        "Invalid "
            + Constants.SHARD
            + "="
            + text
            + ": expected index/count with 1 <= index <= count, such as "
            + Constants.SHARD
            + "=3/8 for the third of eight shards, or "
            + Constants.SHARD
            + "=auto to read the shard from Bazel's, GitLab's or CircleCI's variables.");
  }

  /** {@code dynamo.shard=3/8}, and where it came from when not from that key. */
  public String describe() {
    return Constants.SHARD + "=" + this + (from.isEmpty() ? "" : " (" + from + ")");
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }

  private static void touch(String file) {
    if (file == null || file.isBlank()) {
      return;
    }
    Path path = Path.of(file);
    try {
      if (path.getParent() != null) {
        Files.createDirectories(path.getParent());
      }
      if (Files.exists(path)) {
        Files.setLastModifiedTime(path, FileTime.from(Instant.now()));
      } else {
        Files.createFile(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Could not touch " + BAZEL_STATUS_FILE + "=" + file + ": " + e, e);
    }
  }

  /**
   * A CI runner's pair of sharding variables.
   *
   * @param base the index of the first shard: 0 or 1
   */
  private record Protocol(String runner, String index, String total, int base) {

    Optional<ShardSpec> read(Function<String, String> environment) {
      String rawTotal = environment.apply(total);
      if (rawTotal == null || rawTotal.isBlank()) {
        return Optional.empty();
      }
      String rawIndex = environment.apply(index);
      String from = runner + "'s " + index + "=" + rawIndex + ", " + total + "=" + rawTotal;
      try {
        int count = Integer.parseInt(rawTotal.trim());
        int shard = Integer.parseInt(String.valueOf(rawIndex).trim()) - base + 1;
        if (count >= 1 && shard >= 1 && shard <= count) {
          return Optional.of(new ShardSpec(shard, count, from));
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new ConfigurationException(
          "Invalid shard from "
              + from
              + ": expected "
              + total
              + " >= 1 and "
              + index
              + " from "
              + base
              + " to "
              + (base == 0 ? total + " - 1" : total)
              + ".");
    }
  }
}
