package dev.itsm.api.cmdb;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * How to run an import: {@code ImportOptions.from("discovery").allOrNothing()}.
 *
 * @param source       the {@link ImportSource} the feed comes from (must be defined)
 * @param atomic       {@code true} (all or nothing): the first rejected row or conflict fails the import and nothing is
 *                     written; {@code false} (default): bad rows are reported and the good ones written,
 *                     committed in chunks
 * @param chunkSize    rows read, checked and written together (1 to 10,000; default 500); without
 *                     all-or-nothing each chunk is its own transaction
 * @param progress     called after every chunk with the counts so far, or {@code null}
 */
public record ImportOptions(String source, boolean atomic, int chunkSize, Consumer<ImportReport> progress) {
  public ImportOptions {
    Objects.requireNonNull(source, "source");
  }

  /** Rows reported and skipped, chunks of 500, no progress listener. */
  public static ImportOptions from(String source) {
    return new ImportOptions(source, false, 500, null);
  }

  /** Fails the whole import, writing nothing, on the first rejected row or conflict. */
  public ImportOptions allOrNothing() {
    return new ImportOptions(source, true, chunkSize, progress);
  }

  /** Rows per chunk, 1 to 10,000 (checked when the import starts). */
  public ImportOptions chunkSize(int rows) {
    return new ImportOptions(source, atomic, rows, progress);
  }

  /** Called after every chunk with the counts so far (the problem lists may be partial). */
  public ImportOptions onProgress(Consumer<ImportReport> listener) {
    return new ImportOptions(source, atomic, chunkSize, listener);
  }
}
