package ai.dynamo.test.engine.catalog;

import ai.dynamo.test.api.Lifecycle;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import ai.dynamo.test.engine.labels.LabelNames;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The project's pipelines, described once in a properties file: for each stage, how it is
 * triggered, what runs it, and where and how it runs locally and in CI.
 *
 * <pre>
 * stage.pre-merge.trigger=every pull request
 * stage.pre-merge.runner=Maven Surefire with the dynamo engine
 * stage.pre-merge.local.environment=JDK 17
 * stage.pre-merge.local.command=./mvnw -B verify -Ddynamo.stage=pre-merge
 * stage.pre-merge.ci.environment=CI machine, JDK 17
 * stage.pre-merge.ci.command=bash .ci/run
 * stage.pre-merge.budget=15 min
 * </pre>
 */
final class PipelineConfig {

  /** The fields a stage may have, in the order the strategy document shows them. */
  static final List<String> FIELDS =
      List.of(
          "trigger",
          "runner",
          "local.environment",
          "local.command",
          "ci.environment",
          "ci.command",
          "budget");

  private final Map<Lifecycle, Map<String, String>> stages;

  private PipelineConfig(Map<Lifecycle, Map<String, String>> stages) {
    this.stages = stages;
  }

  static PipelineConfig load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigurationException(
          "Could not read the pipeline configuration " + file.toAbsolutePath() + ": " + e);
    }
    Map<Lifecycle, Map<String, String>> stages = new EnumMap<>(Lifecycle.class);
    for (String key : properties.stringPropertyNames()) {
      String[] parts = key.split("\\.", 3);
      if (parts.length < 3 || !parts[0].equals("stage")) {
        throw new ConfigurationException(
            "Invalid key '"
                + key
                + "' in "
                + file
                + ": expected stage.<stage>.<field>, for example stage.pre-merge.trigger.");
      }
      Lifecycle stage =
          LabelNames.parse(Lifecycle.class, parts[1])
              .orElseThrow(
                  () ->
                      new ConfigurationException(
                          "Invalid key '"
                              + key
                              + "' in "
                              + file
                              + ": unknown stage '"
                              + parts[1]
                              + "'. Valid stages: "
                              + LabelNames.all(Lifecycle.class)
                              + "."));
      if (!FIELDS.contains(parts[2])) {
        throw new ConfigurationException(
            "Invalid key '"
                + key
                + "' in "
                + file
                + ": unknown field '"
                + parts[2]
                + "'. Valid fields: "
                + String.join(", ", FIELDS)
                + ".");
      }
      stages
          .computeIfAbsent(stage, s -> new HashMap<>())
          .put(parts[2], properties.getProperty(key).trim());
    }
    return new PipelineConfig(stages);
  }

  boolean has(Lifecycle stage) {
    return stages.containsKey(stage);
  }

  /** The field of a stage, or empty when not described. */
  String get(Lifecycle stage, String field) {
    return stages.getOrDefault(stage, Map.of()).getOrDefault(field, "");
  }
}
