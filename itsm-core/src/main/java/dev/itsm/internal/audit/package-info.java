/** Internal: reading the audit trail. */
package dev.itsm.internal.audit;
