import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time and the allocations of a test JVM go, from a JFR recording: each execution
 * sample (and each allocation sample, by weight) is charged to the framework frame nearest the top
 * of its stack ({@code ai.dynamo}, Jupiter, the Platform, Surefire, or the tests), so that a
 * listener of the engine called by the Platform counts as the engine's and a test called through
 * the engine's {@code execute} counts as the test's. The engine's share is then broken down by its
 * method nearest the top, and by the JDK or library frame on top of it.
 *
 * <pre>{@code
 * java Hotspots.java <recording.jfr> [test package prefix]
 * }</pre>
 */
public final class Hotspots {

  private static final int TOP = Integer.getInteger("top", 20);

  public static void main(String[] args) throws IOException {
    Path recording = Path.of(args[0]);
    String tests = args.length > 1 ? args[1] : "bench.suite.";
    Map<String, Long> cpuByComponent = new HashMap<>();
    Map<String, Long> cpuByEngineMethod = new HashMap<>();
    Map<String, Long> cpuLeafUnderEngine = new HashMap<>();
    Map<String, Long> cpuEntryOfEngine = new HashMap<>();
    Map<String, Long> cpuEngineInclusive = new HashMap<>();
    Map<String, Long> cpuEngineInclusiveDetail = new HashMap<>();
    Map<String, Long> discovery = new HashMap<>();
    Map<String, Long> allocByComponent = new HashMap<>();
    Map<String, Long> allocByEngineMethod = new HashMap<>();
    long samples = 0;
    long allocated = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      String type = event.getEventType().getName();
      boolean cpu = type.equals("jdk.ExecutionSample");
      boolean alloc = type.equals("jdk.ObjectAllocationSample");
      if ((!cpu && !alloc) || event.getStackTrace() == null) {
        continue;
      }
      long weight = cpu ? 1 : event.getLong("weight");
      List<RecordedFrame> frames = event.getStackTrace().getFrames();
      int owner = -1;
      String component = "JDK only";
      for (int i = 0; i < frames.size(); i++) {
        String c = component(frames.get(i), tests);
        if (c != null) {
          owner = i;
          component = c;
          break;
        }
      }
      if (cpu) {
        samples++;
        cpuByComponent.merge(component, weight, Long::sum);
        String caller = engineAboveJupiter(frames, tests);
        if (caller != null) {
          cpuEngineInclusive.merge(caller, weight, Long::sum);
          cpuEngineInclusiveDetail.merge(
              caller + " > " + innermostEngine(frames), weight, Long::sum);
        }
        if (contains(frames, "DynamoTestEngine", "discover")) {
          discovery.merge(
              "under DynamoTestEngine.discover (Jupiter's discovery included)", 1L, Long::sum);
        } else if (contains(frames, "JupiterTestEngine", "discover")) {
          discovery.merge("under JupiterTestEngine.discover, not called by dynamo", 1L, Long::sum);
        }
      } else {
        allocated += weight;
        allocByComponent.merge(component, weight, Long::sum);
      }
      if (!component.equals("dynamo")) {
        continue;
      }
      String method = name(frames.get(owner));
      if (cpu) {
        cpuByEngineMethod.merge(method, weight, Long::sum);
        cpuLeafUnderEngine.merge(name(frames.get(0)), weight, Long::sum);
        cpuEntryOfEngine.merge(entry(event.getStackTrace()), weight, Long::sum);
      } else {
        allocByEngineMethod.merge(
            method + " allocating " + event.getClass("objectClass").getName(), weight, Long::sum);
      }
    }
    System.out.printf(Locale.ROOT, "JFR %s: %,d execution samples%n", recording, samples);
    print(
        "CPU samples by component (nearest framework frame to the top of the stack)",
        cpuByComponent,
        samples,
        "");
    print(
        "CPU samples charged to ai.dynamo, by its method nearest the top",
        cpuByEngineMethod,
        samples,
        "");
    print(
        "CPU samples charged to ai.dynamo, by the frame on top (what it was doing)",
        cpuLeafUnderEngine,
        samples,
        "");
    print(
        "CPU samples charged to ai.dynamo, by the outermost ai.dynamo frame (entry point)",
        cpuEntryOfEngine,
        samples,
        "");
    print(
        "CPU samples with an ai.dynamo frame above the nearest Jupiter or test frame (the engine"
            + " and the Platform and JDK code it calls), by the outermost such frame",
        cpuEngineInclusive,
        samples,
        "");
    print(
        "The same, by outermost > innermost ai.dynamo frame",
        cpuEngineInclusiveDetail,
        samples,
        "");
    print("CPU samples in discovery (the whole stack)", discovery, samples, "");
    print("Allocation (sampled bytes) by component", allocByComponent, allocated, " bytes");
    print(
        "Allocation charged to ai.dynamo, by method and class",
        allocByEngineMethod,
        allocated,
        " bytes");
  }

  private static String component(RecordedFrame frame, String tests) {
    if (!frame.isJavaFrame() || frame.getMethod() == null) {
      return null;
    }
    String type = frame.getMethod().getType().getName();
    if (type.startsWith("ai.dynamo.")) {
      return "dynamo";
    }
    if (type.startsWith(tests)) {
      return "tests";
    }
    if (type.startsWith("org.junit.jupiter.")) {
      return "Jupiter";
    }
    if (type.startsWith("org.junit.platform.")) {
      return "Platform";
    }
    if (type.startsWith("org.apache.maven.surefire.")) {
      return "Surefire";
    }
    return null;
  }

  /**
   * The outermost {@code ai.dynamo} frame met walking down from the top of the stack before the
   * first Jupiter or test frame, or null: the engine's listeners and conditions with what they
   * call, but not the tests that run under the engine's {@code execute}.
   */
  private static String engineAboveJupiter(List<RecordedFrame> frames, String tests) {
    String outermost = null;
    for (RecordedFrame frame : frames) {
      String c = component(frame, tests);
      // Below the engine's execute lies the whole run of Jupiter's tree, reached through the
      // Platform's hierarchical executor without a Jupiter frame in between: not the engine's.
      if ("Jupiter".equals(c) || "tests".equals(c) || isEngineExecute(frame)) {
        break;
      }
      if ("dynamo".equals(c)) {
        outermost = name(frame);
      }
    }
    return outermost;
  }

  private static boolean isEngineExecute(RecordedFrame frame) {
    RecordedMethod m = frame.getMethod();
    return m != null
        && m.getName().equals("execute")
        && m.getType().getName().equals("ai.dynamo.test.engine.DynamoTestEngine");
  }

  private static String innermostEngine(List<RecordedFrame> frames) {
    for (RecordedFrame frame : frames) {
      RecordedMethod m = frame.getMethod();
      if (m != null && m.getType().getName().startsWith("ai.dynamo.")) {
        return name(frame);
      }
    }
    return "?";
  }

  private static boolean contains(List<RecordedFrame> frames, String type, String method) {
    for (RecordedFrame frame : frames) {
      RecordedMethod m = frame.getMethod();
      if (m != null && m.getName().equals(method) && m.getType().getName().endsWith("." + type)) {
        return true;
      }
    }
    return false;
  }

  private static String entry(RecordedStackTrace trace) {
    List<RecordedFrame> frames = trace.getFrames();
    for (int i = frames.size() - 1; i >= 0; i--) {
      RecordedMethod method = frames.get(i).getMethod();
      if (method != null && method.getType().getName().startsWith("ai.dynamo.")) {
        return name(frames.get(i));
      }
    }
    return "?";
  }

  private static String name(RecordedFrame frame) {
    RecordedMethod method = frame.getMethod();
    if (method == null) {
      return "?";
    }
    String type = method.getType().getName();
    return type.substring(type.lastIndexOf('.') + 1) + "." + method.getName();
  }

  private static void print(String title, Map<String, Long> counts, long total, String unit) {
    long sum = counts.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf(
        Locale.ROOT,
        "%s: %,d%s (%.1f%% of all)%n",
        title,
        sum,
        unit,
        100.0 * sum / Math.max(1, total));
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(TOP)
        .forEach(
            e ->
                System.out.printf(
                    Locale.ROOT,
                    "  %6.2f%%  %,14d%s  %s%n",
                    100.0 * e.getValue() / Math.max(1, total),
                    e.getValue(),
                    unit,
                    e.getKey()));
  }
}
