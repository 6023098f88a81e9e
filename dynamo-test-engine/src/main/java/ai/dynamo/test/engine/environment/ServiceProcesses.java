package ai.dynamo.test.engine.environment;

/**
 * The processes of one local service, signalled together: a {@link ProcessGroup} where the host has
 * process groups that can be signalled and listed, else a {@link ProcessTree} of the service's
 * process and its descendants. {@link ProcessControl} chooses.
 */
interface ServiceProcesses {

  /**
   * Sends {@code signal} (TERM, KILL, STOP, CONT) to every process; false when it could not be
   * sent.
   *
   * @throws UnsupportedOperationException when the host cannot send that signal, saying why
   */
  boolean signal(String signal);

  /** Whether every process has exited. */
  boolean isEmpty();

  /**
   * Whether every thread of every live process is stopped by SIGSTOP, as far as the host shows it
   * ({@code /proc}); true where it cannot be seen.
   */
  boolean isStopped();

  /** For messages: {@code process group 4711}, {@code process 4711 and its descendants}. */
  String describe();
}
