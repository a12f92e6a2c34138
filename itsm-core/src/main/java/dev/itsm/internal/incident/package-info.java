/** Internal: incident operations, their lifecycle rules and how they drive the process model. */
package dev.itsm.internal.incident;
