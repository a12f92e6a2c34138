/**
 * Incident management: {@link dev.itsm.api.incident.IncidentService}, the incident snapshot, its
 * lifecycle states and the values operations take.
 */
package dev.itsm.api.incident;
