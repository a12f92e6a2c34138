package dev.itsm.internal.persistence;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A custom field value ({@code itsm_ticket_field}); exactly one value column is set. */
public class FieldRow {
  public UUID ticketId;
  public String fieldName;
  public String stringValue;
  public BigDecimal numberValue;
  public Boolean booleanValue;
  public Instant instantValue;
}
