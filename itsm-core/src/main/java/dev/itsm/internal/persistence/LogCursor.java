package dev.itsm.internal.persistence;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * How far one engine has read a log of changes numbered from a sequence (the CMDB graph log, the
 * knowledge articles' search sequence). Sequence numbers are handed out when a row is
 * inserted but become visible when its transaction commits, so they appear out of order: a number
 * below the highest one read may still belong to a running transaction. Every number up to the
 * {@link #watermark()} was read, except the {@link #gaps()}: ranges that were not visible when a
 * higher number was read. Gaps are read again at every poll until their rows appear or they are
 * older than the gap timeout (a rolled-back transaction's numbers never appear); then they are given
 * up. At most {@link #MAX_GAPS} ranges are kept, the oldest given up first.
 *
 * <p>Not thread-safe; times are {@link System#nanoTime()} values (or any monotonic count in tests).
 */
public final class LogCursor {
  /** Ranges kept at most (each is one condition of the poll's query). */
  public static final int MAX_GAPS = 500;

  private long watermark;
  private final List<Gap> gaps = new ArrayList<>();
  private long givenUp;

  private static final class Gap {
    long first;
    long last;
    final long since;

    Gap(long first, long last, long since) {
      this.first = first;
      this.last = last;
      this.since = since;
    }
  }

  public LogCursor(long watermark) {
    this.watermark = watermark;
  }

  /** Every number up to here was read or is a gap. */
  public long watermark() {
    return watermark;
  }

  /** The gaps as {@code {first, last}} pairs, lowest first. */
  public List<long[]> gaps() {
    List<long[]> ranges = new ArrayList<>(gaps.size());
    for (Gap g : gaps) {
      ranges.add(new long[] {g.first, g.last});
    }
    return ranges;
  }

  /** Numbers given up so far (gaps that timed out or did not fit). */
  public long givenUp() {
    return givenUp;
  }

  /**
   * A row read above the watermark; rows must come lowest first. The numbers skipped since the
   * previous one become a gap seen at {@code now}. Returns whether the row is new (above the
   * watermark).
   */
  public boolean above(long seq, long now) {
    if (seq <= watermark) {
      return false;
    }
    if (seq > watermark + 1) {
      gaps.add(new Gap(watermark + 1, seq - 1, now));
      trim();
    }
    watermark = seq;
    return true;
  }

  /** A row read inside a gap: its number is no longer missing. Returns whether it was missing. */
  public boolean filled(long seq) {
    for (int i = 0; i < gaps.size(); i++) {
      Gap g = gaps.get(i);
      if (seq < g.first || seq > g.last) {
        continue;
      }
      if (g.first == g.last) {
        gaps.remove(i);
      } else if (seq == g.first) {
        g.first++;
      } else if (seq == g.last) {
        g.last--;
      } else {
        gaps.add(i + 1, new Gap(seq + 1, g.last, g.since));
        g.last = seq - 1;
        trim();
      }
      return true;
    }
    return false;
  }

  private void trim() {
    while (gaps.size() > MAX_GAPS) {
      Gap oldest = gaps.stream().min(Comparator.comparingLong((Gap g) -> g.since).thenComparingLong(g -> g.first)).orElseThrow();
      gaps.remove(oldest);
      givenUp += oldest.last - oldest.first + 1;
    }
  }

  /** Gives up the gaps seen before {@code deadline}; returns how many numbers that were. */
  public long expire(long deadline) {
    long dropped = 0;
    for (var it = gaps.iterator(); it.hasNext(); ) {
      Gap g = it.next();
      if (g.since - deadline < 0) {
        dropped += g.last - g.first + 1;
        it.remove();
      }
    }
    givenUp += dropped;
    return dropped;
  }
}
