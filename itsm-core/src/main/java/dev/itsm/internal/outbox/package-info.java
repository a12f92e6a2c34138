/** Internal: the outbox of events and notifications and their delivery after commit. */
package dev.itsm.internal.outbox;
