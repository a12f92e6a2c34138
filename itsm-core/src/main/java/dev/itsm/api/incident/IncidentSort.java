package dev.itsm.api.incident;

/** Sort keys for {@link IncidentQuery}. Ties are broken by number. */
public enum IncidentSort {
  NUMBER, OPENED, UPDATED, PRIORITY, SLA_DUE
}
