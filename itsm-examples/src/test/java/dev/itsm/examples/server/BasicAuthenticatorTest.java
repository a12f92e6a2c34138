package dev.itsm.examples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.Actor;
import dev.itsm.api.Roles;
import org.junit.jupiter.api.Test;

class BasicAuthenticatorTest {
  private static final DemoUsers USERS = DemoUsers.builder()
      .manager("mia", "p:ss word".toCharArray(), "network-ops", "dba")
      .caller("carol", "demo".toCharArray())
      .build();

  private final BasicAuthenticator authenticator = new BasicAuthenticator(USERS);

  @Test
  void shouldTurnCredentialsIntoTheUsersActor() {
    Actor actor = authenticator.authenticate(ApiClient.basic("mia", "p:ss word"));

    assertThat(actor.id()).isEqualTo("mia");
    assertThat(actor.roles()).containsExactlyInAnyOrder(Roles.AGENT, Roles.MANAGER);
    assertThat(actor.groups()).containsExactlyInAnyOrder("network-ops", "dba");
  }

  @Test
  void shouldAcceptTheSchemeInAnyCase() {
    assertThat(authenticator.authenticate(ApiClient.basic("carol", "demo").replace("Basic", "basic")).id()).isEqualTo("carol");
  }

  @Test
  void shouldRejectMissingMalformedAndWrongCredentials() {
    assertRejected(null, "no Authorization header");
    assertRejected("", "no Authorization header");
    assertRejected("Bearer abc.def", "'Bearer'");
    assertRejected("Basic", "malformed");
    assertRejected("Basic %%%", "malformed");
    assertRejected("Basic " + java.util.Base64.getEncoder().encodeToString("carol".getBytes()), "malformed");
    assertRejected(ApiClient.basic("carol", "wrong"), "do not match");
    assertRejected(ApiClient.basic("nobody", "demo"), "do not match");
  }

  @Test
  void shouldDeriveTheDirectoryFromTheUsers() {
    assertThat(USERS.directory().groupExists("dba")).isTrue();
    assertThat(USERS.directory().groupExists("identity")).isFalse();
    assertThat(USERS.directory().managers("network-ops")).containsExactly("mia");
    assertThat(USERS.directory().members("network-ops")).containsExactly("mia");
  }

  private void assertRejected(String authorization, String message) {
    assertThatThrownBy(() -> authenticator.authenticate(authorization)).as(authorization)
        .isInstanceOf(UnauthenticatedException.class).hasMessageContaining(message);
  }
}
