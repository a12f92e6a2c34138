package dev.itsm.api.cmdb;

/** Value types of CI attributes, and the Java type an attribute's value has when read. */
public enum AttributeType {
  /** {@link String}, at most {@link AttributeDefinition#maxLength()} characters (default 255). */
  STRING,
  /** {@link Long}. */
  INTEGER,
  /** {@link java.math.BigDecimal}. */
  DECIMAL,
  /** {@link Boolean}. */
  BOOLEAN,
  /** {@link java.time.Instant} (given as an {@code Instant} or ISO-8601 text such as {@code 2026-11-23T10:00:00Z}). */
  DATETIME,
  /** {@link String}, one of {@link AttributeDefinition#values()}. */
  ENUM,
  /** {@link java.util.UUID} of a CI of {@link AttributeDefinition#referenceType()} or one of its subtypes, not retired. */
  REFERENCE
}
