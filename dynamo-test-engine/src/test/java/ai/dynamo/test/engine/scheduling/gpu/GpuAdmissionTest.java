package ai.dynamo.test.engine.scheduling.gpu;

import static ai.dynamo.test.api.Lifecycle.PRE_MERGE;
import static ai.dynamo.test.api.TestKind.UNIT;
import static org.assertj.core.api.Assertions.assertThat;

import ai.dynamo.test.api.Feature;
import ai.dynamo.test.api.Stage;
import ai.dynamo.test.api.TestType;
import ai.dynamo.test.engine.scheduling.gpu.GpuAdmission.Device;
import ai.dynamo.test.engine.scheduling.gpu.GpuAdmission.Request;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@Stage(PRE_MERGE)
@TestType(UNIT)
@Feature("gpu-scheduling")
class GpuAdmissionTest {

  private static final long GIB = 1024L * 1024 * 1024;

  private static GpuAdmission host(int gpus) {
    return new GpuAdmission(
        IntStream.range(0, gpus).mapToObj(i -> new Device(i, 16 * GIB)).toList());
  }

  private static Request whole(String who, int count) {
    return new Request(who, count, OptionalLong.empty());
  }

  @Test
  void aTwoGpuRequestWaitsUntilTwoGpusAreFree() {
    GpuAdmission admission = host(4);
    List<Request> ones = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ones.add(whole("one" + i, 1));
      admission.enqueue(ones.get(i));
    }
    assertThat(admission.admit()).hasSize(3);
    Request two = whole("two", 2);
    admission.enqueue(two);

    assertThat(admission.admit()).isEmpty();
    admission.release(ones.get(1));
    assertThat(admission.admit()).containsExactly(two);
    assertThat(two.granted().orElseThrow())
        .hasSize(2)
        .doesNotContainAnyElementsOf(ones.get(0).granted().orElseThrow())
        .doesNotContainAnyElementsOf(ones.get(2).granted().orElseThrow());
  }

  @Test
  void requestsWithMemoryShareAGpuWhileTheirMemoryFits() {
    GpuAdmission admission = host(1);
    Request a = new Request("a", 1, OptionalLong.of(6 * GIB));
    Request b = new Request("b", 1, OptionalLong.of(6 * GIB));
    Request c = new Request("c", 1, OptionalLong.of(6 * GIB));
    Request whole = whole("whole", 1);
    List.of(a, b, c, whole).forEach(admission::enqueue);

    assertThat(admission.admit()).containsExactly(a, b);
    admission.release(a);
    assertThat(admission.admit()).containsExactly(c);
    admission.release(b);
    admission.release(c);
    assertThat(admission.admit()).containsExactly(whole);
  }

  @Test
  void aLargeRequestIsPassedAtMostABoundedNumberOfTimes() {
    GpuAdmission admission = host(2);
    Request first = whole("first", 1);
    admission.enqueue(first);
    admission.admit();
    Request large = whole("large", 2);
    admission.enqueue(large);
    int passes = 0;
    Request holding = first;
    while (large.granted().isEmpty()) {
      Request small = whole("small" + passes, 1);
      admission.enqueue(small);
      List<Request> admitted = admission.admit();
      if (admitted.contains(small)) {
        passes++;
      }
      admission.release(holding);
      holding = small;
      admission.admit();
      assertThat(passes).isLessThanOrEqualTo(GpuAdmission.MAX_OVERTAKES + 1);
    }
    assertThat(passes).isEqualTo(GpuAdmission.MAX_OVERTAKES);
  }

  @Test
  void namesWhyARequestCanNeverFit() {
    GpuAdmission admission = host(2);

    assertThat(admission.impossible(whole("Big#test()", 4)))
        .hasValue("Big#test() needs 4 GPUs but the host has 2 GPUs");
    assertThat(admission.impossible(new Request("Huge", 1, OptionalLong.of(40 * GIB))))
        .hasValue(
            "Huge needs 1 GPU with 40GiB each but only 0 of the host's 2 GPUs have that much"
                + " memory");
    assertThat(admission.impossible(whole("Fits", 2))).isEmpty();
  }
}
