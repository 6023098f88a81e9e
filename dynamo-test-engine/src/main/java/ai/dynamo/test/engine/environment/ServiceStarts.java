package ai.dynamo.test.engine.environment;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.api.environment.ServiceHandle;
import ai.dynamo.test.api.environment.ServiceScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * How many services a run started, against how many scopes declared them: per service name and
 * scope, the scopes that asked for it (classes for class and run scope, tests for method scope),
 * the processes or containers started for them, and the requests an external endpoint served. The
 * difference between declarations and starts in run scope is what run-scoped sharing saved.
 *
 * <p>When the run ends it prints one line, such as
 *
 * <pre>{@code
 * [dynamo] Services: 4 starts, 6 without run-scoped sharing (2 saved): etcd class scope 3 starts for 3 classes, nats run scope 1 start for 3 classes
 * }</pre>
 *
 * and publishes the same figures as a report entry of the engine, under the keys {@link
 * #REPORT_ENTRY} and {@code dynamo.services.<name>.<scope>.<figure>}, for tools such as the
 * examples' sharing benchmark. Thread-safe: classes that run in parallel count into it at once.
 */
@API(status = INTERNAL, since = "0.1")
public final class ServiceStarts {

  /** The report entry key whose value is the line the run prints, without its prefix. */
  public static final String REPORT_ENTRY = "dynamo.services";

  /** The report entry key of the number of services started in the run. */
  public static final String STARTS = REPORT_ENTRY + ".starts";

  /** The report entry key of the number of starts the run would have made without run scope. */
  public static final String STARTS_WITHOUT_SHARING = REPORT_ENTRY + ".starts-without-sharing";

  /**
   * Per service and scope, the figures {@code declared} (scopes that asked for the service), {@code
   * started}, {@code saved} (run scope: declarations served by an instance another class started)
   * and {@code external} (served by an endpoint variable): {@code dynamo.services.nats.run.saved}.
   */
  public static String key(String service, ServiceScope scope, String figure) {
    return REPORT_ENTRY
        + "."
        + service
        + "."
        + scope.name().toLowerCase(Locale.ROOT)
        + "."
        + figure;
  }

  private final Map<Key, Counts> counts = new ConcurrentHashMap<>();

  /** A scope (class or test) asked for {@code service}. */
  void declared(String service, ServiceScope scope) {
    counts(service, scope).declared.incrementAndGet();
  }

  /** A process or container of {@code service} was started for {@code scope} and became ready. */
  void started(String service, ServiceScope scope) {
    counts(service, scope).started.incrementAndGet();
  }

  /** A scope that declared {@code service} got {@code handle}, started by it or before it. */
  void served(String service, ServiceScope scope, ServiceHandle handle) {
    Counts counts = counts(service, scope);
    if (handle instanceof RunningService) {
      counts.served.incrementAndGet();
    } else {
      counts.external.incrementAndGet();
    }
  }

  private Counts counts(String service, ServiceScope scope) {
    return counts.computeIfAbsent(new Key(service, scope), key -> new Counts());
  }

  /** Whether any scope declared a service. */
  boolean isEmpty() {
    return counts.isEmpty();
  }

  /** Services started in the run. */
  int starts() {
    return counts.values().stream().mapToInt(c -> c.started.get()).sum();
  }

  /** Starts that run-scoped sharing saved: run-scoped declarations served by a running instance. */
  int saved() {
    return counts.entrySet().stream()
        .filter(e -> e.getKey().scope() == ServiceScope.RUN)
        .mapToInt(e -> e.getValue().saved())
        .sum();
  }

  /** The line the run prints, without the {@code [dynamo] } prefix. */
  String describe() {
    List<String> parts = new ArrayList<>();
    for (Map.Entry<Key, Counts> entry : sorted()) {
      Key key = entry.getKey();
      Counts c = entry.getValue();
      String unit = key.scope() == ServiceScope.METHOD ? "test" : "class";
      StringBuilder part =
          new StringBuilder()
              .append(key.service())
              .append(' ')
              .append(key.scope().name().toLowerCase(Locale.ROOT))
              .append(" scope ")
              .append(plural(c.started.get(), "start", "starts"))
              .append(" for ")
              .append(plural(c.declared.get(), unit, unit.equals("class") ? "classes" : "tests"));
      if (c.external.get() > 0) {
        part.append(", ").append(c.external.get()).append(" served by an endpoint variable");
      }
      int unserved = c.declared.get() - c.served.get() - c.external.get();
      if (unserved > 0) {
        part.append(", ").append(unserved).append(" not served (failed or skipped)");
      }
      parts.add(part.toString());
    }
    int starts = starts();
    int saved = saved();
    return "Services: "
        + plural(starts, "start", "starts")
        + ", "
        + (starts + saved)
        + " without run-scoped sharing ("
        + saved
        + " saved): "
        + String.join(", ", parts);
  }

  /**
   * At the end of the run: publishes the figures as a report entry of {@code root} and, if {@code
   * print}, prints them as one line. Nothing when no scope declared a service.
   */
  void report(ExtensionContext root, boolean print) {
    if (isEmpty()) {
      return;
    }
    Map<String, String> entry = reportEntry();
    try {
      root.publishReportEntry(entry);
    } catch (RuntimeException e) {
      // The figures are information: failing to publish them must not fail the run.
    }
    if (print) {
      System.out.println("[dynamo] " + entry.get(REPORT_ENTRY));
    }
  }

  /** The figures as a report entry: see {@link #REPORT_ENTRY} and {@link #key}. */
  Map<String, String> reportEntry() {
    Map<String, String> entry = new LinkedHashMap<>();
    entry.put(REPORT_ENTRY, describe());
    entry.put(STARTS, Integer.toString(starts()));
    entry.put(STARTS_WITHOUT_SHARING, Integer.toString(starts() + saved()));
    for (Map.Entry<Key, Counts> e : sorted()) {
      String service = e.getKey().service();
      ServiceScope scope = e.getKey().scope();
      Counts c = e.getValue();
      entry.put(key(service, scope, "declared"), Integer.toString(c.declared.get()));
      entry.put(key(service, scope, "started"), Integer.toString(c.started.get()));
      entry.put(key(service, scope, "saved"), Integer.toString(c.saved()));
      entry.put(key(service, scope, "external"), Integer.toString(c.external.get()));
    }
    return entry;
  }

  private List<Map.Entry<Key, Counts>> sorted() {
    return counts.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<Key, Counts> e) -> e.getKey().service())
                .thenComparing(e -> e.getKey().scope(), Comparator.reverseOrder()))
        .toList();
  }

  private static String plural(int count, String one, String many) {
    return count + " " + (count == 1 ? one : many);
  }

  private record Key(String service, ServiceScope scope) {}

  private static final class Counts {
    final AtomicInteger declared = new AtomicInteger();
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger served = new AtomicInteger();
    final AtomicInteger external = new AtomicInteger();

    /** Declarations served by a running instance they did not start: what sharing saved. */
    int saved() {
      return Math.max(0, served.get() - started.get());
    }
  }
}
