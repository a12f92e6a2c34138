/**
 * What hosts plug in: {@link dev.itsm.spi.ItsmPlugin} is the one registration point, through which
 * a plugin sets the notification sender, event listeners, the directory of groups and managers,
 * custom fields, permissions, and process models (shipped by process packs, or overridden by hosts).
 */
package dev.itsm.spi;
