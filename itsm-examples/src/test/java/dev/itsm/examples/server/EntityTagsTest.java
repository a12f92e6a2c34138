package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.InvalidInputException;
import org.junit.jupiter.api.Test;

class EntityTagsTest {

  @Test
  void shouldQuoteTheVersion() {
    assertThat(EntityTags.of(3)).isEqualTo("\"3\"");
  }

  @Test
  void shouldReadTheExpectedVersionFromIfMatch() {
    assertThat(EntityTags.expectedVersion("\"3\"")).isEqualTo(3L);
    assertThat(EntityTags.expectedVersion(" \"12\" ")).isEqualTo(12L);
    assertThat(EntityTags.expectedVersion("7")).isEqualTo(7L);
  }

  @Test
  void shouldExpectNoVersionWithoutIfMatchOrForAnyTag() {
    assertThat(EntityTags.expectedVersion(null)).isNull();
    assertThat(EntityTags.expectedVersion(" ")).isNull();
    assertThat(EntityTags.expectedVersion("*")).isNull();
  }

  @Test
  void shouldRejectWeakListedAndForeignTags() {
    for (String ifMatch : new String[] {"W/\"3\"", "\"3\", \"4\"", "\"abc\"", "\"-1\""}) {
      assertThatThrownBy(() -> EntityTags.expectedVersion(ifMatch)).as(ifMatch)
          .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("If-Match"));
    }
  }
}
