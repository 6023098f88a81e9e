package ai.dynamo.test.engine.catalog;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.Constants;
import ai.dynamo.test.engine.configuration.ConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apiguardian.api.API;

/**
 * The project's feature catalog: a properties file with one feature per line, {@code
 * name=description}, named by {@code dynamo.features.catalog}.
 *
 * <pre>
 * kv-routing=Requests go to the worker that holds the longest matching prefix in its KV cache.
 * disaggregated-serving=Prefill and decode run on different workers.
 * </pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class FeatureCatalog {

  private FeatureCatalog() {}

  /** The features of {@code file}, sorted by name. */
  public static Map<String, String> load(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigurationException(
          "Invalid "
              + Constants.FEATURES_CATALOG
              + "="
              + file
              + ": no such file (resolved to "
              + file.toAbsolutePath().normalize()
              + "). Name a properties file with one name=description line per feature.");
    }
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigurationException(
          "Could not read the feature catalog " + file + " (" + Constants.FEATURES_CATALOG + ").");
    }
    Map<String, String> features = new TreeMap<>();
    properties.forEach(
        (name, text) -> features.put(name.toString().trim(), text.toString().trim()));
    return features;
  }
}
