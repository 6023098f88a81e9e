package ai.dynamo.test.engine.scheduling;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import org.apiguardian.api.API;

/**
 * One shard of several, as {@code dynamo.shard=3/8} names it.
 *
 * @param index which shard, counting from 1
 * @param count how many shards there are
 */
@API(status = INTERNAL, since = "0.1")
public record ShardSpec(int index, int count) {

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
            + "=3/8 for the third of eight shards.");
  }

  @Override
  public String toString() {
    return index + "/" + count;
  }
}
