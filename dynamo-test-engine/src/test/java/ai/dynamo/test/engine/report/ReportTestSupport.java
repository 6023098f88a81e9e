package ai.dynamo.test.engine.report;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.Filter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs fixtures through a real Launcher and reads the reports they leave. */
public final class ReportTestSupport {

  /** The repository's {@code docs/}, seen from the module directory Surefire runs in. */
  public static final Path DOCS = Path.of("..", "docs");

  private ReportTestSupport() {}

  /**
   * Runs {@code classes} through a Launcher, with every ServiceLoader-registered listener, writing
   * the reports into {@code reports}.
   */
  public static void launch(Path reports, Map<String, String> parameters, Class<?>... classes) {
    launch(reports, parameters, List.of(), classes);
  }

  /** As above, with launcher filters such as the tag filter Surefire's {@code groups} adds. */
  public static void launch(
      Path reports, Map<String, String> parameters, List<Filter<?>> filters, Class<?>... classes) {
    Map<String, String> all = new HashMap<>(parameters);
    all.put("dynamo.reports.dir", reports.toString());
    all.put("dynamo.summary", "false");
    LauncherFactory.create()
        .execute(
            LauncherDiscoveryRequestBuilder.request()
                .selectors(
                    Arrays.stream(classes)
                        .map(c -> selectClass(c))
                        .toArray(DiscoverySelector[]::new))
                .filters(filters.toArray(Filter<?>[]::new))
                .configurationParameters(all)
                .enableImplicitConfigurationParameters(false)
                .build());
  }

  public static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The violations of {@code json} against the schema {@code docs/schemas/<schema>}. */
  public static Set<String> violations(String schema, String json) {
    return violations(DOCS.resolve("schemas").resolve(schema), json);
  }

  /** The violations of {@code json} against the schema in {@code schemaFile}. */
  public static Set<String> violations(Path schemaFile, String json) {
    try {
      JsonSchema validator =
          JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
              .getSchema(Files.newInputStream(schemaFile));
      JsonNode node = new ObjectMapper().readTree(json);
      return validator.validate(node).stream()
          .map(ValidationMessage::getMessage)
          .collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
