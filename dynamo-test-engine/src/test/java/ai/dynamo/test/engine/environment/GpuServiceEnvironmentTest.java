package ai.dynamo.test.engine.environment;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.INTEGRATION;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services started for a test that holds GPUs see exactly those GPUs in CUDA_VISIBLE_DEVICES. */
@Stage(PRE_MERGE)
@TestType(INTEGRATION)
@Feature("gpu-scheduling")
class GpuServiceEnvironmentTest {

  @TempDir Path dir;

  private EnvironmentTestKit kit() throws IOException {
    Path smi = dir.resolve("nvidia-smi");
    Files.writeString(
        smi,
        "#!/bin/sh\n"
            + "echo '0, NVIDIA Fake, 16384'\n"
            + "echo '1, NVIDIA Fake, 16384'\n"
            + "echo '2, NVIDIA Fake, 16384'\n");
    Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
    return new EnvironmentTestKit(dir, "local")
        .with("dynamo.requirements.nvidia-smi", smi.toString());
  }

  private static List<String> visibleLines(Path logs) throws IOException {
    try (Stream<Path> files = Files.walk(logs)) {
      return files
          .filter(Files::isRegularFile)
          .flatMap(GpuServiceEnvironmentTest::lines)
          .filter(line -> line.startsWith("visible="))
          .toList();
    }
  }

  private static Stream<String> lines(Path file) {
    try {
      return Files.readAllLines(file).stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aClassScopedServiceGetsTheGpusItsClassHolds() throws IOException {
    EnvironmentTestKit kit = kit();

    kit.run(GpuServiceFixtures.ClassHoldsTwoGpus.class)
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(1));

    String held = (String) ServiceFixtures.SEEN.get("class");
    assertThat(held).isEqualTo("0,1");
    assertThat(visibleLines(kit.logs())).containsExactly("visible=[" + held + "] ready");
  }

  @Test
  void aMethodScopedServiceGetsTheGpusItsMethodHolds() throws IOException {
    EnvironmentTestKit kit = kit();

    kit.run(GpuServiceFixtures.MethodHoldsOneGpu.class)
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(1));

    String held = (String) ServiceFixtures.SEEN.get("method");
    assertThat(held).isEqualTo("0");
    assertThat(visibleLines(kit.logs())).containsExactly("visible=[" + held + "] ready");
  }

  @Test
  void aServiceOfATestWithoutGpusGetsNoCudaVisibleDevices() throws IOException {
    EnvironmentTestKit kit = kit();

    kit.run(GpuServiceFixtures.HoldsNoGpu.class)
        .testEvents()
        .assertStatistics(stats -> stats.succeeded(1));

    assertThat(visibleLines(kit.logs())).containsExactly("visible=[] ready");
  }
}
