package ai.dynamo.test.engine.labels;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apiguardian.api.API;

/**
 * The label a taxonomy value has in configuration parameters, expressions and reports: its name in
 * lower case with hyphens, {@code PRE_MERGE} as {@code pre-merge}.
 */
@API(status = INTERNAL, since = "0.1")
public final class LabelNames {

  private LabelNames() {}

  /** The labels of each enum's constants, by ordinal: reports ask for them once per test. */
  private static final ClassValue<String[]> LABELS =
      new ClassValue<>() {
        @Override
        protected String[] computeValue(Class<?> type) {
          return Arrays.stream(type.getEnumConstants())
              .map(constant -> normalize(((Enum<?>) constant).name()))
              .toArray(String[]::new);
        }
      };

  /** The label of {@code value}, for example {@code continuous-operation}. */
  public static String of(Enum<?> value) {
    return LABELS.get(value.getDeclaringClass())[value.ordinal()];
  }

  /** {@code text} in lower case with hyphens: {@code Pre_Merge} becomes {@code pre-merge}. */
  public static String normalize(String text) {
    return text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The constant of {@code type} whose label is {@code text} after normalization, if any. */
  public static <E extends Enum<E>> Optional<E> parse(Class<E> type, String text) {
    String label = normalize(text);
    return Arrays.stream(type.getEnumConstants()).filter(e -> of(e).equals(label)).findFirst();
  }

  /** Every label of {@code type}, comma separated, in declaration order. */
  public static String all(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(LabelNames::of)
        .collect(Collectors.joining(", "));
  }
}
