package dev.itsm.internal.persistence;

import java.time.Instant;

/** A published version of an SLA definition ({@code itsm_sla_definition}); the body is JSON. */
public class SlaDefinitionRow {
  public String code;
  public int version;
  public String agreement;
  public String party;
  public String body;
  public boolean builtIn;
  public boolean current;
  public Instant createdAt;
  public String createdBy;
}
