/** Internal: building the engine, standalone or attached to a host's Operaton engine. */
package dev.itsm.internal.engine;
