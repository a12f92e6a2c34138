package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

  @Test
  void shouldDefaultToAnH2FileOnPort8080WithDemoData() {
    ServerSettings settings = ServerSettings.parse(new String[0], Map.of());

    assertThat(settings.host()).isEqualTo("127.0.0.1");
    assertThat(settings.port()).isEqualTo(8080);
    assertThat(settings.data()).isEqualTo(Path.of("data/itsm"));
    assertThat(settings.jdbcUrl()).isNull();
    assertThat(settings.demo()).isTrue();
    assertThat(settings.help()).isFalse();
  }

  @Test
  void shouldMakeSessionCookiesSecureUnlessTurnedOff() {
    assertThat(ServerSettings.parse(new String[0], Map.of()).secureCookies()).isTrue();
    assertThat(ServerSettings.parse(new String[] {"--secure-cookies", "false"}, Map.of()).secureCookies()).isFalse();
    assertThat(ServerSettings.parse(new String[0], Map.of("ITSM_SECURE_COOKIES", "false")).secureCookies()).isFalse();
    assertThatThrownBy(() -> ServerSettings.parse(new String[] {"--secure-cookies=maybe"}, Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--secure-cookies");
  }

  @Test
  void shouldReadTheEnvironment() {
    ServerSettings settings = ServerSettings.parse(new String[0], Map.of("ITSM_PORT", "0", "ITSM_DATA", "/tmp/x/itsm",
        "ITSM_DEMO", "false", "ITSM_HOST", "0.0.0.0"));

    assertThat(settings.port()).isZero();
    assertThat(settings.data()).isEqualTo(Path.of("/tmp/x/itsm"));
    assertThat(settings.demo()).isFalse();
    assertThat(settings.host()).isEqualTo("0.0.0.0");
  }

  @Test
  void shouldLetOptionsWinOverTheEnvironment() {
    ServerSettings settings = ServerSettings.parse(new String[] {"--port", "9090", "--demo=true"},
        Map.of("ITSM_PORT", "7070", "ITSM_DEMO", "false"));

    assertThat(settings.port()).isEqualTo(9090);
    assertThat(settings.demo()).isTrue();
  }

  @Test
  void shouldUseAJdbcUrlWithoutShowingItsPassword() {
    ServerSettings settings = ServerSettings.parse(new String[] {"--jdbc-url", "jdbc:postgresql://db/itsm", "--jdbc-user", "itsm"},
        Map.of("ITSM_JDBC_PASSWORD", "s3cret"));

    assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db/itsm");
    assertThat(settings.jdbcUser()).isEqualTo("itsm");
    assertThat(settings.jdbcPassword()).isEqualTo("s3cret");
    assertThat(settings.toString()).doesNotContain("s3cret").contains("jdbc:postgresql://db/itsm");
    assertThat(settings.databaseDescription()).doesNotContain("s3cret");
  }

  @Test
  void shouldRejectWrongOptionsNamingThem() {
    assertRejected(new String[] {"--port", "http"}, Map.of(), "--port");
    assertRejected(new String[] {"--port", "70000"}, Map.of(), "--port");
    assertRejected(new String[] {"--prot", "80"}, Map.of(), "--prot");
    assertRejected(new String[] {"--port"}, Map.of(), "--port");
    assertRejected(new String[] {"8080"}, Map.of(), "8080");
    assertRejected(new String[] {"--demo", "yes"}, Map.of(), "--demo");
    assertRejected(new String[] {"--jdbc-url", "jdbc:postgresql://db/itsm"}, Map.of("ITSM_DATA", "/tmp/itsm"), "--data");
    assertRejected(new String[] {"--jdbc-user", "itsm"}, Map.of(), "--jdbc-url");
  }

  @Test
  void shouldAskForHelp() {
    assertThat(ServerSettings.parse(new String[] {"--help"}, Map.of()).help()).isTrue();
    assertThat(ServerSettings.USAGE).contains("--port", "ITSM_PORT", "--data", "--jdbc-url", "--demo");
  }

  private static void assertRejected(String[] args, Map<String, String> env, String named) {
    assertThatThrownBy(() -> ServerSettings.parse(args, env)).as(String.join(" ", args))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(named);
  }
}
