package dev.itsm.api.cmdb;

import java.util.List;

/**
 * What an import did. Counts are complete; {@code problems} lists the first
 * {@link #MAX_PROBLEMS} rejected rows and conflicts.
 *
 * @param source             the import source
 * @param rows               item and relation rows read
 * @param created            items created
 * @param updated            items changed
 * @param unchanged          items matched whose owned fields equal the feed
 * @param conflicts          item rows that matched several items (nothing written for them)
 * @param rejected           rows refused (bad values, unknown types, missing identification, ...)
 * @param unauthorised       differences on change-controlled items recorded for review instead of applied
 * @param relationsCreated   relations created
 * @param relationsUnchanged relations that existed already
 * @param problems           the first rejected rows and conflicts, in feed order
 */
public record ImportReport(String source, long rows, long created, long updated, long unchanged, long conflicts,
                           long rejected, long unauthorised, long relationsCreated, long relationsUnchanged,
                           List<Problem> problems) {
  /** Most problems a report lists. */
  public static final int MAX_PROBLEMS = 1000;

  public ImportReport {
    problems = List.copyOf(problems);
  }

  /**
   * A row that was not applied.
   *
   * @param section {@code items} or {@code relations}
   * @param index   the row's position in its section, from 0
   * @param ref     the row's {@code ref} (items) or {@code source -> target} (relations), if it has one
   * @param kind    {@code rejected} or {@code conflict}
   * @param field   what was wrong, e.g. {@code attributes.cpuCores}, or {@code null}
   * @param message why, naming the type, attribute or item
   */
  public record Problem(String section, long index, String ref, String kind, String field, String message) {}
}
