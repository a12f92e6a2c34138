/**
 * The default ITIL process pack: the incident BPMN model and its priority and routing DMN tables
 * (resources under {@code dev/itsm/bpmn/}) and the thin expression beans they call, each of which
 * reads the {@code ticketId} variable and calls core's {@link dev.itsm.api.process.ProcessSupport}.
 * Registered through {@code META-INF/services/dev.itsm.spi.ItsmPlugin}.
 */
package dev.itsm.bpmn;
