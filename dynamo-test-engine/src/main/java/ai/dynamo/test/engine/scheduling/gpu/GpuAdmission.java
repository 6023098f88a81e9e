package ai.dynamo.test.engine.scheduling.gpu;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Decides which waiting GPU requests may take GPUs now, and which GPUs they get. A request takes
 * whole GPUs unless it declares memory per GPU; requests that declare memory share a GPU while the
 * sum of their memory fits in its total. Requests are admitted in arrival order, except that one
 * that fits may pass one that does not (so a 1-GPU test does not idle a GPU behind a 4-GPU test),
 * until the one passed has been passed {@link #MAX_OVERTAKES} times: then nothing behind it is
 * admitted until it is, so a large request never starves.
 *
 * <p>Not thread-safe: {@link GpuPool} guards it with a lock, and the GPU benchmark drives it with
 * simulated time, so both use the same admission order.
 */
final class GpuAdmission {

  /** How often a waiting request may be passed by later ones before it blocks them. */
  static final int MAX_OVERTAKES = 16;

  /** One GPU of the pool: its index as {@code nvidia-smi} numbers it, and its memory in bytes. */
  record Device(int index, long memory) {}

  /** One test's wish for GPUs, and what it was given. */
  static final class Request {
    final String who;
    final int count;
    final OptionalLong memory;
    private List<Integer> granted;
    private int overtaken;

    Request(String who, int count, OptionalLong memory) {
      this.who = who;
      this.count = count;
      this.memory = memory;
    }

    /** The GPU indices given, ascending; empty while waiting. */
    Optional<List<Integer>> granted() {
      return Optional.ofNullable(granted);
    }

    String describe() {
      return count
          + (count == 1 ? " GPU" : " GPUs")
          + (memory.isPresent() ? " with " + mebibytes(memory.getAsLong()) + " each" : "");
    }

    @Override
    public String toString() {
      return who + (granted == null ? "" : " (GPUs " + granted + ")");
    }
  }

  private final List<Device> devices;
  private final long[] free;
  private final int[] holders;
  private final boolean[] exclusive;
  private final LinkedList<Request> waiting = new LinkedList<>();
  private final List<Request> holding = new ArrayList<>();

  GpuAdmission(List<Device> devices) {
    this.devices = List.copyOf(devices);
    this.free = new long[devices.size()];
    this.holders = new int[devices.size()];
    this.exclusive = new boolean[devices.size()];
    for (int i = 0; i < devices.size(); i++) {
      free[i] = devices.get(i).memory();
    }
  }

  List<Device> devices() {
    return devices;
  }

  /** Why {@code request} could never be admitted on this pool, even if every GPU were free. */
  Optional<String> impossible(Request request) {
    if (request.count > devices.size()) {
      return Optional.of(
          request.who
              + " needs "
              + request.describe()
              + " but the host has "
              + devices.size()
              + (devices.size() == 1 ? " GPU" : " GPUs"));
    }
    if (request.memory.isPresent()) {
      long fitting = devices.stream().filter(d -> d.memory() >= request.memory.getAsLong()).count();
      if (fitting < request.count) {
        return Optional.of(
            request.who
                + " needs "
                + request.describe()
                + " but only "
                + fitting
                + " of the host's "
                + devices.size()
                + " GPUs have that much memory");
      }
    }
    return Optional.empty();
  }

  void enqueue(Request request) {
    waiting.add(request);
  }

  /** Gives GPUs to the waiting requests that fit now, in order; returns those admitted. */
  List<Request> admit() {
    List<Request> admitted = new ArrayList<>();
    List<Request> passed = new ArrayList<>();
    for (Iterator<Request> it = waiting.iterator(); it.hasNext(); ) {
      Request request = it.next();
      Optional<List<Integer>> positions = choose(request);
      if (positions.isEmpty()) {
        if (request.overtaken >= MAX_OVERTAKES) {
          break;
        }
        passed.add(request);
        continue;
      }
      take(request, positions.get());
      it.remove();
      admitted.add(request);
      passed.forEach(earlier -> earlier.overtaken++);
    }
    return admitted;
  }

  /** Returns the GPUs of an admitted request to the pool. */
  void release(Request request) {
    if (!holding.remove(request)) {
      return;
    }
    for (int index : request.granted) {
      int position = positionOf(index);
      holders[position]--;
      if (request.memory.isPresent()) {
        free[position] += request.memory.getAsLong();
      } else {
        exclusive[position] = false;
        free[position] = devices.get(position).memory();
      }
    }
  }

  /** Takes a request that gave up waiting out of the queue. */
  void withdraw(Request request) {
    waiting.remove(request);
  }

  /** The requests holding GPUs now. */
  List<Request> holding() {
    return List.copyOf(holding);
  }

  /** How many requests wait ahead of {@code request}. */
  int ahead(Request request) {
    int index = waiting.indexOf(request);
    return index < 0 ? 0 : index;
  }

  private Optional<List<Integer>> choose(Request request) {
    List<Integer> candidates = new ArrayList<>();
    for (int i = 0; i < devices.size(); i++) {
      boolean fits =
          request.memory.isPresent()
              ? !exclusive[i] && free[i] >= request.memory.getAsLong()
              : holders[i] == 0;
      if (fits) {
        candidates.add(i);
      }
    }
    if (candidates.size() < request.count) {
      return Optional.empty();
    }
    if (request.memory.isPresent()) {
      // Best fit: fill the GPUs already shared first, so whole GPUs stay free for whole requests.
      candidates.sort(Comparator.<Integer>comparingLong(i -> free[i]).thenComparingInt(i -> i));
    }
    return Optional.of(candidates.subList(0, request.count));
  }

  private void take(Request request, List<Integer> positions) {
    List<Integer> ids = new ArrayList<>();
    for (int position : positions) {
      holders[position]++;
      if (request.memory.isPresent()) {
        free[position] -= request.memory.getAsLong();
      } else {
        exclusive[position] = true;
        free[position] = 0;
      }
      ids.add(devices.get(position).index());
    }
    ids.sort(null);
    request.granted = List.copyOf(ids);
    holding.add(request);
  }

  private int positionOf(int index) {
    for (int i = 0; i < devices.size(); i++) {
      if (devices.get(i).index() == index) {
        return i;
      }
    }
    throw new IllegalStateException("no GPU with index " + index);
  }

  static String mebibytes(long bytes) {
    long mib = bytes / (1024 * 1024);
    return mib % 1024 == 0 ? (mib / 1024) + "GiB" : mib + "MiB";
  }
}
