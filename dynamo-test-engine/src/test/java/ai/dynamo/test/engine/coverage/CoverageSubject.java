package ai.dynamo.test.engine.coverage;

/**
 * Known code measured by {@link CoverageByTypeTests}: {@code a} and {@code b} have four lines and
 * two branches each (an interface, so there is no constructor line).
 */
interface CoverageSubject {

  static int a(int x) {
    int y = x * 2;
    if (x > 0) {
      y++;
    }
    return y;
  }

  static String b(boolean flag) {
    String s = "b";
    if (flag) {
      s = s + "!";
    }
    return s;
  }
}
