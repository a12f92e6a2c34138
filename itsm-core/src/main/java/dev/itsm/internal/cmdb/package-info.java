/** The CMDB: type schemas (cached), configuration items, their validation and history. */
package dev.itsm.internal.cmdb;
