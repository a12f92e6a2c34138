package dev.itsm.api.release;

/** Kinds of release. */
public enum ReleaseType {
  /** A major release: new capabilities, possibly incompatible. */
  MAJOR,
  /** A minor release: improvements and fixes. */
  MINOR,
  /** An emergency release: an urgent fix. */
  EMERGENCY
}
