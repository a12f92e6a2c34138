/**
 * The public API of the ITSM engine: {@link dev.itsm.api.ItsmEngine} and its builder, the acting
 * {@link dev.itsm.api.Actor}, ticket references, the audit trail, and the typed exceptions rooted
 * at {@link dev.itsm.api.ItsmException}. Everything outside {@code dev.itsm.api}, {@code dev.itsm.spi}
 * and {@code dev.itsm.testkit} is internal and may change without notice.
 */
package dev.itsm.api;
