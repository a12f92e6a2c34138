/**
 * Internal: the transaction model. Every ITSM operation runs as one Operaton command; the ITSM
 * unit of work ({@link dev.itsm.internal.tx.ItsmSession}) is an engine session that uses the
 * command's connection and is flushed before the one commit.
 */
package dev.itsm.internal.tx;
