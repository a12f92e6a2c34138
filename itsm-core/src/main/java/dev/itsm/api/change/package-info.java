/**
 * Change management: {@link dev.itsm.api.change.ChangeService}, the change snapshot
 * ({@link dev.itsm.api.change.ChangeRequest}), its types, states, approvals, implementation tasks and
 * the CMDB modifications a change carries. See docs/change.md.
 */
package dev.itsm.api.change;
