/** Internal: the permission table and the visibility filter. */
package dev.itsm.internal.security;
