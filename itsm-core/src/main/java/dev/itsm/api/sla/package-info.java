/** SLA clocks: their settings (targets per priority), status and thresholds. */
package dev.itsm.api.sla;
