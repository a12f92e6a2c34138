package dev.itsm.testkit;

import dev.itsm.api.incident.IncidentTicket;
import dev.itsm.api.sla.SlaStatus;

/** Entry point to the AssertJ assertions for tickets and SLA clocks. */
public final class ItsmAssertions {
  private ItsmAssertions() {}

  public static IncidentAssert assertThat(IncidentTicket actual) {
    return new IncidentAssert(actual);
  }

  public static SlaStatusAssert assertThat(SlaStatus actual) {
    return new SlaStatusAssert(actual);
  }
}
