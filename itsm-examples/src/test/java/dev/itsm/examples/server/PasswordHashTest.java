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
  void shouldStoreArgon2idWithItsOwnSaltAndReadItBack() {
    PasswordHash hash = PasswordHash.of("correct horse".toCharArray());
    String encoded = hash.encoded();

    assertThat(encoded).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct horse");
    assertThat(PasswordHash.of("correct horse".toCharArray()).encoded()).isNotEqualTo(encoded);
    PasswordHash read = PasswordHash.parse(encoded);
    assertThat(read).isEqualTo(hash);
    assertThat(read.matches("correct horse".toCharArray())).isTrue();
    assertThat(read.matches("correct horsf".toCharArray())).isFalse();
  }

  @Test
  void shouldMatchAKnownArgon2idVector() {
    // from the test suite of the Argon2 reference implementation: argon2id v1.3, m=65536, t=2, p=1,
    // password "password", salt "somesalt"
    PasswordHash known = PasswordHash.parse("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc");

    assertThat(known.matches("password".toCharArray())).isTrue();
    assertThat(known.matches("Password".toCharArray())).isFalse();
  }

  @Test
  void shouldRefuseOtherOrWeakHashes() {
    assertThatThrownBy(() -> PasswordHash.parse("pbkdf2$210000$abc$def")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$argon2id$v=19$");
    assertThatThrownBy(() -> PasswordHash.parse("$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAA"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m >= 8192");
    assertThatThrownBy(() -> PasswordHash.parse("$argon2id$v=19$m=19456,t=2,p=1$%%%$%%%"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("base64");
  }

  @Test
  void shouldNotRevealTheHashWhenPrinted() {
    assertThat(PasswordHash.of("pw".toCharArray()).toString()).isEqualTo("PasswordHash[Argon2id, m=19456, t=2, p=1]");
  }
}
