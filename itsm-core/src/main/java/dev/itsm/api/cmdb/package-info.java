/**
 * Configuration management: CI types with attribute schemas ({@link dev.itsm.api.cmdb.CiTypeDefinition}),
 * configuration items ({@link dev.itsm.api.cmdb.Ci}) and their history, through
 * {@link dev.itsm.api.cmdb.CmdbService} ({@code ItsmEngine.cmdb()}). See docs/cmdb.md.
 */
package dev.itsm.api.cmdb;
