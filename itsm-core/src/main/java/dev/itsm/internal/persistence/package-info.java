/** Internal: MyBatis mappers and rows of the ITSM tables, Flyway migrations, SQL dialects. */
package dev.itsm.internal.persistence;
