package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

  @Test
  void shouldMatchOnlyTheHashedPassword() {
    PasswordHash hash = PasswordHash.of("correct horse".toCharArray());

    assertThat(hash.matches("correct horse".toCharArray())).isTrue();
    assertThat(hash.matches("correct hors".toCharArray())).isFalse();
    assertThat(hash.matches("Correct horse".toCharArray())).isFalse();
    assertThat(hash.matches(new char[0])).isFalse();
  }

  @Test
  void shouldUseAtLeastAHundredThousandIterations() {
    assertThat(PasswordHash.of("pw".toCharArray()).iterations()).isGreaterThanOrEqualTo(100_000);
    assertThatThrownBy(() -> PasswordHash.of("pw".toCharArray(), 99_999))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("100000");
  }

  @Test
  void shouldNotRevealTheHashWhenPrinted() {
    assertThat(PasswordHash.of("pw".toCharArray()).toString()).isEqualTo("PasswordHash[PBKDF2WithHmacSHA256, 210000 iterations]");
  }
}
