package dev.itsm.api.change;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A pre-approved standard change of the catalogue ({@link ChangeSettings#templates()}). A standard
 * change is created from one: it takes the template's title and tasks, needs no approval, and must
 * fit in the template's longest window.
 *
 * @param code        catalogue code, 1 to 64 characters of letters, digits, {@code -} and {@code _}
 * @param title       title of the changes made from it
 * @param description what it does and why it is safe
 * @param tasks       implementation task titles, run in this order
 * @param maxDuration the longest planned window a change from it may have
 */
public record ChangeTemplate(String code, String title, String description, List<String> tasks, Duration maxDuration) {
  public ChangeTemplate {
    if (code == null || !code.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("a template code must be 1 to 64 letters, digits, '-' or '_', but is '" + code + "'");
    }
    if (title == null || title.isBlank() || title.length() > 200) {
      throw new IllegalArgumentException("template " + code + " needs a title of 1 to 200 characters");
    }
    tasks = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
    if (tasks.isEmpty() || tasks.stream().anyMatch(t -> t == null || t.isBlank() || t.length() > 200)) {
      throw new IllegalArgumentException("template " + code + " needs at least one task, each titled in 1 to 200 characters");
    }
    Objects.requireNonNull(maxDuration, "maxDuration");
    if (maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("template " + code + " needs a positive maxDuration, but it is " + maxDuration);
    }
  }
}
