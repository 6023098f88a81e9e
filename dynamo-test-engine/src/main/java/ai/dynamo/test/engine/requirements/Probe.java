package ai.dynamo.test.engine.requirements;

import java.util.List;

/**
 * The answer of one probe of the host: whether the capability is there, and what was found, in
 * words a skip reason can quote ({@code "no Docker engine answered at unix:///var/run/docker.sock
 * (Connection refused)"}).
 */
record Probe<T>(T value, String found) {

  static Probe<List<Gpu>> gpus(List<Gpu> gpus, String found) {
    return new Probe<>(List.copyOf(gpus), found);
  }

  static Probe<Boolean> present(boolean present, String found) {
    return new Probe<>(present, found);
  }
}
