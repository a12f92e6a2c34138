package dev.itsm.internal.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequence numbers of the graph change log become visible out of order; the cursor keeps what is missing. */
class LogCursorTest {

  private static List<List<Long>> gaps(LogCursor cursor) {
    return cursor.gaps().stream().map(g -> List.of(g[0], g[1])).toList();
  }

  @Test
  void rowsInOrderLeaveNoGaps() {
    LogCursor cursor = new LogCursor(10);

    assertThat(cursor.above(11, 0)).isTrue();
    assertThat(cursor.above(12, 0)).isTrue();
    assertThat(cursor.above(12, 0)).as("read again").isFalse();

    assertThat(cursor.watermark()).isEqualTo(12);
    assertThat(cursor.gaps()).isEmpty();
  }

  @Test
  void aNumberNotVisibleBelowALaterOneIsAGapUntilItsRowAppears() {
    LogCursor cursor = new LogCursor(10);

    // 11 belongs to a transaction still running when 12 committed
    cursor.above(12, 0);
    assertThat(cursor.watermark()).isEqualTo(12);
    assertThat(gaps(cursor)).containsExactly(List.of(11L, 11L));

    assertThat(cursor.filled(11)).isTrue();
    assertThat(cursor.gaps()).isEmpty();
    assertThat(cursor.filled(11)).as("seen already").isFalse();
  }

  @Test
  void aLongGapIsOneRangeThatSplitsAsItsRowsAppear() {
    LogCursor cursor = new LogCursor(0);
    cursor.above(100, 0);
    assertThat(gaps(cursor)).containsExactly(List.of(1L, 99L));

    cursor.filled(50);
    cursor.filled(1);
    cursor.filled(99);

    assertThat(gaps(cursor)).containsExactly(List.of(2L, 49L), List.of(51L, 98L));
  }

  @Test
  void gapsOlderThanTheTimeoutAreGivenUp() {
    LogCursor cursor = new LogCursor(0);
    cursor.above(2, 100);     // 1 missing since 100
    cursor.above(4, 200);     // 3 missing since 200

    assertThat(cursor.expire(150)).isEqualTo(1);
    assertThat(gaps(cursor)).containsExactly(List.of(3L, 3L));
    assertThat(cursor.expire(150)).isZero();
    assertThat(cursor.expire(201)).isEqualTo(1);
    assertThat(cursor.gaps()).isEmpty();
    assertThat(cursor.givenUp()).isEqualTo(2);
  }

  @Test
  void atMostMaxGapsAreKeptTheOldestGivenUpFirst() {
    LogCursor cursor = new LogCursor(0);
    for (int i = 1; i <= LogCursor.MAX_GAPS + 1; i++) {
      cursor.above(2L * i, i);   // every odd number missing, the first one seen earliest
    }

    assertThat(cursor.gaps()).hasSize(LogCursor.MAX_GAPS);
    assertThat(cursor.gaps().get(0)).containsExactly(3, 3);
    assertThat(cursor.givenUp()).isEqualTo(1);
  }
}
