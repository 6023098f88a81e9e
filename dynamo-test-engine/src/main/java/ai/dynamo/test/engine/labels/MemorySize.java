package ai.dynamo.test.engine.labels;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/** An amount of memory in bytes, as written in {@code @Requires(gpuMemory = "40GiB")}. */
@API(status = INTERNAL, since = "0.1")
public record MemorySize(long bytes) implements Comparable<MemorySize> {

  private static final Pattern FORMAT =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([KMGT]i?B)", Pattern.CASE_INSENSITIVE);

  private static final Map<String, Long> UNITS =
      Map.of(
          "KIB",
          1L << 10,
          "MIB",
          1L << 20,
          "GIB",
          1L << 30,
          "TIB",
          1L << 40,
          "KB",
          1_000L,
          "MB",
          1_000_000L,
          "GB",
          1_000_000_000L,
          "TB",
          1_000_000_000_000L);

  /** The units {@link #parse} accepts, for messages. */
  public static final String VALID_FORMS =
      "a number and a unit, one of KiB, MiB, GiB, TiB, KB, MB, GB, TB (\"40GiB\", \"512MiB\")";

  /** Parses {@code "40GiB"}; empty when {@code text} is not in that form. */
  public static Optional<MemorySize> parse(String text) {
    Matcher matcher = FORMAT.matcher(text.trim());
    if (!matcher.matches()) {
      return Optional.empty();
    }
    long unit = UNITS.get(matcher.group(2).toUpperCase(Locale.ROOT));
    BigDecimal bytes = new BigDecimal(matcher.group(1)).multiply(BigDecimal.valueOf(unit));
    return Optional.of(new MemorySize(bytes.longValue()));
  }

  /** A size given in mebibytes, as {@code nvidia-smi} reports it. */
  public static MemorySize ofMebibytes(long mebibytes) {
    return new MemorySize(mebibytes << 20);
  }

  @Override
  public int compareTo(MemorySize other) {
    return Long.compare(bytes, other.bytes);
  }

  /** A short human form: {@code 80GiB}, {@code 79.6GiB}, {@code 512MiB}. */
  @Override
  public String toString() {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    String number =
        Math.abs(value - Math.rint(value)) < 0.05
            ? String.valueOf(Math.round(value))
            : String.format(Locale.ROOT, "%.1f", value);
    return number + units[unit];
  }
}
