/** Internal: SLA clock arithmetic and status. */
package dev.itsm.internal.sla;
