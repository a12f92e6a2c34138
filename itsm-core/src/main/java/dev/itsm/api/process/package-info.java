/**
 * The contract between core and the process models: keys, tasks, messages, variables, timers,
 * decision keys and expression beans ({@link dev.itsm.api.process.IncidentProcess}), and what
 * models may ask of core ({@link dev.itsm.api.process.ProcessSupport}). A host that changes or
 * replaces a shipped model keeps to this contract.
 */
package dev.itsm.api.process;
