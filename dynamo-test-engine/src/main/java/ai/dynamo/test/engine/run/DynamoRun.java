package ai.dynamo.test.engine.run;

import static org.apiguardian.api.API.Status.INTERNAL;

import ai.dynamo.test.engine.DynamoTestEngine;
import ai.dynamo.test.engine.affected.AffectedSelection;
import ai.dynamo.test.engine.configuration.DynamoConfiguration;
import ai.dynamo.test.engine.coverage.CoverageOutcome;
import ai.dynamo.test.engine.history.FlipCandidates;
import ai.dynamo.test.engine.plan.Plan;
import ai.dynamo.test.engine.scheduling.StageBudget;
import ai.dynamo.test.engine.selection.DiscoveryConsole;
import ai.dynamo.test.engine.selection.LauncherFilters;
import ai.dynamo.test.engine.selection.SeenTests;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.StoreScope;
import org.junit.platform.engine.ConfigurationParameters;
import org.junit.platform.engine.ExecutionRequest;
import org.junit.platform.engine.support.store.Namespace;
import org.junit.platform.engine.support.store.NamespacedHierarchicalStore;

/**
 * The state of one run of the {@code dynamo} engine: everything that lives from the first discovery
 * of a launcher session to its end. One is created per launcher session by {@link RunSession}, and
 * handed to the engine (through the discovery listener while it discovers, through the request's
 * store while it executes), to the run's launcher listeners (by construction) and to Jupiter
 * extensions (through {@link #find(ExtensionContext)}). Where there is no launcher session, as
 * under {@code EngineTestKit}, the engine makes one for the tree it discovers.
 *
 * <p>Nothing of a run is kept in a static field, so two runs in one JVM (an IDE's re-run, a
 * launcher started inside a test) never see each other's selection, plan, budget, coverage or flip
 * candidates.
 *
 * <pre>{@code
 * // in a Jupiter extension of the engine
 * Optional<StageBudget> budget = DynamoRun.find(context).map(DynamoRun::budget);
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class DynamoRun {

  /** Where the run is kept in the launcher session's and the execution request's stores. */
  static final Namespace NAMESPACE = Namespace.create(DynamoRun.class.getName());

  private static final ExtensionContext.Namespace EXTENSION_NAMESPACE =
      ExtensionContext.Namespace.create(DynamoRun.class.getName());

  /**
   * The run of the discovery under way on this thread, set by {@link RunDiscoveryListener} for the
   * length of one discovery: an {@code EngineDiscoveryRequest} has no store. The launcher discovers
   * on the caller's thread, so the listener's run reaches the engine's {@code discover}.
   */
  private static final ThreadLocal<DynamoRun> DISCOVERING = new ThreadLocal<>();

  private final SeenTests seen = new SeenTests();
  private final DiscoveryConsole console = new DiscoveryConsole(System.out);
  private final LauncherFilters launcherFilters = new LauncherFilters();
  private final CoverageOutcome coverage = new CoverageOutcome();
  private final AtomicReference<Plan> plan = new AtomicReference<>();
  private final AtomicReference<List<FlipCandidates.Candidate>> flipCandidates =
      new AtomicReference<>();
  private final AtomicReference<StageBudget> budget = new AtomicReference<>();
  private volatile String revision = "";
  private final Set<String> said = ConcurrentHashMap.newKeySet();
  private volatile Parsed parsed;
  private final Map<List<Object>, AffectedSelection> affectedSelections = new ConcurrentHashMap<>();

  /** A run with nothing discovered yet. */
  public DynamoRun() {}

  /** The run of {@code request}, as the engine put it into the request's store. */
  public static Optional<DynamoRun> of(ExecutionRequest request) {
    return storeOf(request).map(store -> store.get(NAMESPACE, DynamoRun.class, DynamoRun.class));
  }

  /**
   * The run that executes {@code context}'s test, when the {@code dynamo} engine executes it; empty
   * under the plain {@code junit-jupiter} engine.
   */
  public static Optional<DynamoRun> find(ExtensionContext context) {
    boolean dynamo =
        context.getUniqueId().startsWith("[engine:" + DynamoTestEngine.ENGINE_ID + "]");
    if (!dynamo) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        context
            .getStore(StoreScope.EXECUTION_REQUEST, EXTENSION_NAMESPACE)
            .get(DynamoRun.class, DynamoRun.class));
  }

  /**
   * The configuration {@code context}'s test runs under: its run's, parsed once at discovery; under
   * the plain {@code junit-jupiter} engine, parsed from the context's parameters.
   */
  public static DynamoConfiguration configuration(ExtensionContext context) {
    return find(context)
        .flatMap(DynamoRun::configuration)
        .orElseGet(() -> DynamoConfiguration.from(context::getConfigurationParameter));
  }

  /** The run whose discovery is under way on this thread, if a launcher session made one. */
  public static Optional<DynamoRun> discovering() {
    return Optional.ofNullable(DISCOVERING.get());
  }

  /**
   * Makes this the run {@code request}'s tests execute in: Jupiter extensions find it with {@link
   * #find(ExtensionContext)}. Returns whether the request has a store to keep it in (JUnit 5.13 and
   * later, and every launcher; an {@code ExecutionRequest} built by hand may have none).
   */
  public boolean serve(ExecutionRequest request) {
    Optional<NamespacedHierarchicalStore<Namespace>> store = storeOf(request);
    store.ifPresent(s -> s.put(NAMESPACE, DynamoRun.class, this));
    return store.isPresent();
  }

  private static Optional<NamespacedHierarchicalStore<Namespace>> storeOf(
      ExecutionRequest request) {
    try {
      return Optional.of(request.getStore());
    } catch (RuntimeException noStore) {
      // A request built without a store (the deprecated constructor) says so by throwing.
      return Optional.empty();
    }
  }

  /** Sets this as the run of the discovery on this thread; returns the one it replaces. */
  DynamoRun startDiscovering() {
    DynamoRun outer = DISCOVERING.get();
    DISCOVERING.set(this);
    return outer;
  }

  /** Ends this run's discovery on this thread, giving the thread back to {@code outer}. */
  static void stopDiscovering(DynamoRun outer) {
    if (outer == null) {
      DISCOVERING.remove();
    } else {
      DISCOVERING.set(outer);
    }
  }

  /**
   * The configuration of {@code parameters}, parsed once: a request's discovery, execution and
   * listeners all get the same object, and so does every extension of the run. The {@code dynamo.*}
   * keys it ignores are named in one warning line, once a run however many requests (and classes,
   * under Surefire) it has.
   */
  public DynamoConfiguration configuration(ConfigurationParameters parameters) {
    Parsed known = parsed;
    if (known != null && known.parameters() == parameters) {
      return known.configuration();
    }
    DynamoConfiguration configuration = DynamoConfiguration.from(parameters);
    parsed = new Parsed(parameters, configuration);
    warnIgnored(configuration.ignoredKeys());
    return configuration;
  }

  private void warnIgnored(List<String> keys) {
    if (keys.isEmpty() || !firstTime("ignored keys " + keys)) {
      return;
    }
    System.out.println(
        "[dynamo] WARNING: ignoring "
            + String.join(", ", keys)
            + (keys.size() == 1
                ? ": it is no parameter of the dynamo engine, nor close to one"
                : ": they are no parameters of the dynamo engine, nor close to one"));
  }

  /**
   * Makes {@code configuration}, parsed from {@code parameters} at discovery, the one of the
   * request executing now, for the extensions of the run.
   */
  public void executes(ConfigurationParameters parameters, DynamoConfiguration configuration) {
    parsed = new Parsed(parameters, configuration);
  }

  /** The configuration parsed last: that of the request executing now. */
  public Optional<DynamoConfiguration> configuration() {
    return Optional.ofNullable(parsed).map(Parsed::configuration);
  }

  /**
   * The selection of {@code dynamo.affected} for {@code key} (its ref, module and settings), made
   * once a run: its console line counts the tests of every discovery of the run.
   */
  public AffectedSelection affected(List<Object> key, Supplier<AffectedSelection> selection) {
    return affectedSelections.computeIfAbsent(key, k -> selection.get());
  }

  /** The tests and tags every discovery of this run saw. */
  public SeenTests seen() {
    return seen;
  }

  /** What this run printed at discovery, so that each unclassified test is printed once. */
  public DiscoveryConsole console() {
    return console;
  }

  /** What the launcher's own filters did to the tests this run's selection kept. */
  public LauncherFilters launcherFilters() {
    return launcherFilters;
  }

  /** Where this run's coverage result, or why there is none, is left for the summary. */
  public CoverageOutcome coverage() {
    return coverage;
  }

  /** The plan of this run's newest discovery. */
  public Optional<Plan> plan() {
    return Optional.ofNullable(plan.get());
  }

  /** Records {@code plan} as this run's newest. */
  public void plan(Plan newest) {
    plan.set(newest);
  }

  /**
   * The run's budget: its clock starts when this is first asked, which the engine does when it
   * first executes.
   */
  public StageBudget budget() {
    StageBudget known = budget.get();
    if (known != null) {
      return known;
    }
    budget.compareAndSet(null, new StageBudget());
    return budget.get();
  }

  /** The budget, if the engine has started executing. */
  public Optional<StageBudget> startedBudget() {
    return Optional.ofNullable(budget.get());
  }

  /** Publishes the flip candidates of the test plan that ended, for the summary. */
  public void flipCandidates(List<FlipCandidates.Candidate> candidates) {
    flipCandidates.set(List.copyOf(candidates));
  }

  /**
   * Publishes the code revision the test plan under way tests, as the history records it; empty
   * when unknown.
   */
  public void revision(String tested) {
    revision = tested;
  }

  /** The code revision the history listener found for the test plan under way; empty if unknown. */
  public String revision() {
    return revision;
  }

  /** Takes the flip candidates published for the test plan that ended; empty when none. */
  public List<FlipCandidates.Candidate> takeFlipCandidates() {
    List<FlipCandidates.Candidate> candidates = flipCandidates.getAndSet(null);
    return candidates == null ? List.of() : candidates;
  }

  /**
   * Whether this run has not yet said {@code what}: true the first time only, for a line that is
   * the same for every class of a run.
   */
  public boolean firstTime(String what) {
    return said.add(what);
  }

  private record Parsed(ConfigurationParameters parameters, DynamoConfiguration configuration) {}
}
