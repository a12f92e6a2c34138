package dev.itsm.api.incident;

/** Who sees a note. */
public enum NoteVisibility {
  /** Internal work note: agents only. */
  WORK_NOTE,
  /** A reply the caller sees. */
  REPLY
}
