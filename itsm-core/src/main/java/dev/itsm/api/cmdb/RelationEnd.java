package dev.itsm.api.cmdb;

/** One end of a relation. */
public enum RelationEnd {
  SOURCE,
  TARGET
}
