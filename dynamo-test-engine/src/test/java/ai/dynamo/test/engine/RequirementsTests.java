package ai.dynamo.test.engine;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static ai.dynamo.test.engine.EngineTestSupport.discoveryError;
import static ai.dynamo.test.engine.EngineTestSupport.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.container;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.skippedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.fixtures.RequirementFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineExecutionResults;

@Stage(PRE_MERGE)
@TestType(UNIT)
@Feature("requirements")
class RequirementsTests {

  @TempDir Path dir;

  /** A fake nvidia-smi that lists the given CSV lines (index, name, memory in MiB). */
  private String fakeNvidiaSmi(String... gpus) throws IOException {
    Path script = dir.resolve("nvidia-smi");
    StringBuilder body = new StringBuilder("#!/bin/sh\n");
    body.append("case \"$*\" in *--query-gpu=index,name,memory.total*) ;; *) exit 64;; esac\n");
    for (String gpu : gpus) {
      body.append("echo '").append(gpu).append("'\n");
    }
    Files.writeString(script, body);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return script.toString();
  }

  private Map<String, String> with(String nvidiaSmi, String... more) {
    Map<String, String> parameters = new HashMap<>();
    parameters.put("dynamo.requirements.nvidia-smi", nvidiaSmi);
    for (int i = 0; i < more.length; i += 2) {
      parameters.put(more[i], more[i + 1]);
    }
    return parameters;
  }

  @Test
  void skipsWhenFewerGpusThanRequiredNamingWhatWasFound() throws IOException {
    String smi = fakeNvidiaSmi("0, NVIDIA H100 80GB HBM3, 81920");

    EngineExecutionResults results = run(with(smi), RequirementFixtures.Gpus.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("oneGpu"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                test("twoGpus"),
                skippedWithReason("requires 2 GPUs: found 1 GPU (NVIDIA H100 80GB HBM3, 80GiB)")))
        .haveExactly(
            1,
            event(
                test("twoLargeGpus"),
                skippedWithReason(
                    "requires 2 GPUs with 40GiB each: found 1 GPU (NVIDIA H100 80GB HBM3, 80GiB)")));
  }

  @Test
  void countsOnlyGpusWithEnoughMemory() throws IOException {
    String smi = fakeNvidiaSmi("0, NVIDIA A10, 24576", "1, NVIDIA A100, 40960");

    EngineExecutionResults results = run(with(smi), RequirementFixtures.Gpus.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("twoLargeGpus"),
                skippedWithReason(
                    "requires 2 GPUs with 40GiB each: found 2 GPUs (NVIDIA A10, 24GiB; NVIDIA"
                        + " A100, 40GiB)")));
    assertThat(results.testEvents().succeeded().count()).isEqualTo(3);
  }

  @Test
  void runsEveryGpuTestWhenTheHostHasEnough() throws IOException {
    String smi = fakeNvidiaSmi("0, NVIDIA H100, 81920", "1, NVIDIA H100, 81920");

    EngineExecutionResults results = run(with(smi), RequirementFixtures.Gpus.class);

    results.testEvents().assertStatistics(stats -> stats.succeeded(4).skipped(0));
  }

  @Test
  void saysWhyNoGpuWasFoundWhenNvidiaSmiIsMissing() {
    EngineExecutionResults results =
        run(with(dir.resolve("no-such-nvidia-smi").toString()), RequirementFixtures.Gpus.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("oneGpu"),
                skippedWithReason(
                    "requires 1 GPU: found " + dir.resolve("no-such-nvidia-smi") + " not found")));
  }

  @Test
  void saysHowNvidiaSmiFailed() throws IOException {
    Path script = dir.resolve("broken-smi");
    Files.writeString(
        script, "#!/bin/sh\necho 'NVIDIA-SMI has failed: driver mismatch' >&2\nexit 9\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));

    EngineExecutionResults results = run(with(script.toString()), RequirementFixtures.Gpus.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("oneGpu"),
                skippedWithReason(
                    "requires 1 GPU: found "
                        + script
                        + " exited with 9: NVIDIA-SMI has failed: driver mismatch")));
  }

  @Test
  void skipsAWholeClassOnceWhenItsRequirementIsMissing() throws IOException {
    String smi = fakeNvidiaSmi("0, NVIDIA L4, 23034");

    EngineExecutionResults results = run(with(smi), RequirementFixtures.FourGpuClass.class);

    results
        .containerEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                container("FourGpuClass"),
                skippedWithReason("requires 4 GPUs: found 1 GPU (NVIDIA L4, 22.5GiB)")));
    assertThat(results.testEvents().started().count()).isZero();
  }

  @Test
  void failsInsteadOfSkippingWhenAskedTo() throws IOException {
    String smi = fakeNvidiaSmi();

    EngineExecutionResults results =
        run(with(smi, "dynamo.requirements.missing", "fail"), RequirementFixtures.Gpus.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("twoGpus"),
                finishedWithFailure(
                    message(
                        m ->
                            m.contains(
                                "requires 2 GPUs: found no GPU (failing because"
                                    + " dynamo.requirements.missing=fail)")))))
        .haveExactly(1, event(test("noGpu"), finishedSuccessfully()));
    assertThat(results.testEvents().skipped().count()).isZero();
  }

  @Test
  void addsUpClassAndMethodRequirements() {
    EngineExecutionResults results = run(Map.of(), RequirementFixtures.ClassAndMethodAddUp.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(1, event(test("classRequirementsOnly"), finishedSuccessfully()))
        .haveExactly(
            1,
            event(
                test("needsAlsoAnEnvironmentVariable"),
                skippedWithReason(
                    "requires environment variable DYNAMO_TEST_SURELY_UNSET_VARIABLE: not set")));
  }

  @Test
  void probesDockerKubernetesOsCommandsAndEnvironment() throws IOException {
    Path kubectl = dir.resolve("kubectl");
    Files.writeString(
        kubectl,
        "#!/bin/sh\necho 'The connection to the server localhost:8080 was refused' >&2\nexit 1\n");
    Files.setPosixFilePermissions(kubectl, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path socket = dir.resolve("absent.sock");

    EngineExecutionResults results =
        run(
            Map.of(
                "dynamo.requirements.docker-host",
                "unix://" + socket,
                "dynamo.requirements.kubectl",
                kubectl.toString()),
            RequirementFixtures.HostServices.class);

    results
        .testEvents()
        .assertThatEvents()
        .haveExactly(
            1,
            event(
                test("docker"),
                skippedWithReason(
                    reason ->
                        reason.startsWith(
                            "requires Docker: no Docker engine answered at unix://" + socket))))
        .haveExactly(
            1,
            event(
                test("kubernetes"),
                skippedWithReason(
                    "requires Kubernetes: no reachable cluster: "
                        + kubectl
                        + " get --raw /readyz exited with 1: The connection to the server"
                        + " localhost:8080 was refused")))
        .haveExactly(
            1,
            event(
                test("windows"),
                skippedWithReason("requires Windows: running on " + System.getProperty("os.name"))))
        .haveExactly(
            1,
            event(
                test("missingCommand"),
                skippedWithReason("requires command 'dynamo-no-such-command': not found on PATH")))
        .haveExactly(1, event(test("presentVariable"), finishedSuccessfully()));
  }

  @Test
  void findsADockerEngineThatAnswersItsPing() throws Exception {
    Path socket = dir.resolve("docker.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      Thread engine =
          new Thread(
              () -> {
                try (SocketChannel client = server.accept()) {
                  client.read(ByteBuffer.allocate(1024));
                  client.write(
                      ByteBuffer.wrap(
                          "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nApi-Version: 1.47\r\n\r\nOK"
                              .getBytes(StandardCharsets.US_ASCII)));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      engine.start();

      EngineExecutionResults results =
          run(
              Map.of("dynamo.requirements.docker-host", "unix://" + socket),
              RequirementFixtures.HostServices.class);

      engine.join(10_000);
      results
          .testEvents()
          .assertThatEvents()
          .haveExactly(1, event(test("docker"), finishedSuccessfully()));
    }
  }

  @Test
  void rejectsANegativeGpuCount() {
    assertThat(discoveryError(Map.of(), RequirementFixtures.NegativeGpuCount.class))
        .hasMessage(
            "Invalid @Requires(gpus = -1) on"
                + " ai.dynamo.test.engine.fixtures.RequirementFixtures$NegativeGpuCount#test(): the"
                + " GPU count must be 0 or more.");
  }

  @Test
  void rejectsAMemorySizeItCannotRead() {
    assertThat(discoveryError(Map.of(), RequirementFixtures.BadMemory.class))
        .hasMessage(
            "Invalid @Requires(gpuMemory = \"forty gigs\") on"
                + " ai.dynamo.test.engine.fixtures.RequirementFixtures$BadMemory#test(): expected a"
                + " number and a unit, one of KiB, MiB, GiB, TiB, KB, MB, GB, TB (\"40GiB\","
                + " \"512MiB\").");
  }
}
