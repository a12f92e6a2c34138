package dev.itsm.internal.tx;

/**
 * A unit of work cannot commit because an operation in it failed after it had begun changing
 * things, and the caller caught that failure and went on. The whole unit is rolled back.
 */
public final class RollbackOnlyException extends IllegalStateException {
  RollbackOnlyException(RuntimeException cause) {
    super("Expected to commit the unit of work, but an operation in it failed after it began changing things: "
        + cause.getMessage() + "; the whole unit is rolled back", cause);
  }
}
