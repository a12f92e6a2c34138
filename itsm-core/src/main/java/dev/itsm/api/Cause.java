package dev.itsm.api;

import java.util.regex.Pattern;

/**
 * The record that caused a change, stored with every audit entry written under
 * {@link ItsmEngine#causedBy(Cause, java.util.function.Supplier)}: a change or release of this
 * library (later), or a record of the host (a deployment, an order, a monitoring alert).
 *
 * @param type kind of record: 1 to 32 characters, lowercase letters, digits, {@code -} and {@code _},
 *             starting with a letter, e.g. {@code change}
 * @param id   its id or number, 1 to 64 characters, e.g. {@code CHG-000042}
 */
public record Cause(String type, String id) {
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  /**
   * @throws InvalidValueException naming {@code cause.type} or {@code cause.id} when one is missing or
   *                               does not fit
   */
  public Cause {
    if (type == null || !TYPE.matcher(type).matches()) {
      throw new InvalidValueException("cause.type", "Expected cause.type to be 1 to 32 lowercase letters, digits, "
          + "'-' or '_' starting with a letter, but it is " + (type == null ? "missing" : "'" + type + "'"));
    }
    if (id == null || id.isBlank() || id.length() > 64) {
      throw new InvalidValueException("cause.id", "Expected cause.id to be 1 to 64 characters, but it is "
          + (id == null ? "missing" : id.isBlank() ? "blank" : id.length() + " characters long"));
    }
  }

  /** Same as the constructor. */
  public static Cause of(String type, String id) {
    return new Cause(type, id);
  }
}
