package dev.itsm.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.itsm.api.incident.HoldReason;
import dev.itsm.api.incident.Impact;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ActorAndCodesTest {

  @Test
  void actorsDefaultToTheDefaultTenantAndUtc() {
    Actor actor = Actor.agent("alice", "network-ops");
    assertThat(actor.tenantId()).isEqualTo(Actor.DEFAULT_TENANT);
    assertThat(actor.roles()).containsExactly(Roles.AGENT);
    assertThat(actor.groups()).containsExactly("network-ops");
    assertThat(actor.zone().getId()).isEqualTo("Z");
    assertThat(actor.locale()).isEqualTo(Locale.ROOT);
    assertThat(actor.inTenant("acme").tenantId()).isEqualTo("acme");
    assertThat(Actor.system().hasRole(Roles.SYSTEM)).isTrue();
  }

  @Test
  void aBlankOrOverlongActorIdIsRefused() {
    assertThatThrownBy(() -> Actor.caller(" ")).isInstanceOf(InvalidInputException.class).hasMessageContaining("actor id");
    assertThatThrownBy(() -> Actor.caller("x".repeat(65))).isInstanceOf(InvalidValueException.class);
  }

  @Test
  void codesParseCaseInsensitivelyAndNameTheFieldWhenUnknown() {
    assertThat(Codes.parse(Impact.class, "impact", "high")).isEqualTo(Impact.HIGH);
    assertThat(Codes.parse(HoldReason.class, "reason", "awaiting-vendor")).isEqualTo(HoldReason.AWAITING_VENDOR);
    assertThatThrownBy(() -> Codes.parse(Impact.class, "impact", "severe"))
        .isInstanceOfSatisfying(InvalidValueException.class, e -> {
          assertThat(e.field()).isEqualTo("impact");
          assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_VALUE);
          assertThat(e.getMessage()).isEqualTo("Expected impact to be one of HIGH, MEDIUM, LOW, but it is 'severe'");
        });
    assertThatThrownBy(() -> Codes.parse(Impact.class, "impact", "")).isInstanceOf(InvalidInputException.class)
        .extracting(e -> ((ItsmException) e).errorCode()).isEqualTo(ErrorCode.INVALID_INPUT);
  }

  @Test
  void errorCodesHaveStableStrings() {
    assertThat(ErrorCode.ILLEGAL_TRANSITION.code()).isEqualTo("itsm.illegal-transition");
    assertThat(ErrorCode.CONFLICT.code()).isEqualTo("itsm.conflict");
  }
}
