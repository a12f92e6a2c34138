package dev.itsm.api.incident;

import java.time.Duration;

/**
 * A note to add to a ticket.
 *
 * @param text       the note; not blank, at most 4000 characters
 * @param visibility work note (agents only) or reply (the caller sees it)
 * @param timeSpent  time the author spent, for workload reports; optional, not negative
 */
public record NewNote(String text, NoteVisibility visibility, Duration timeSpent) {

  /** An internal work note. */
  public static NewNote workNote(String text) {
    return new NewNote(text, NoteVisibility.WORK_NOTE, null);
  }

  /** An internal work note recording time spent. */
  public static NewNote workNote(String text, Duration timeSpent) {
    return new NewNote(text, NoteVisibility.WORK_NOTE, timeSpent);
  }

  /** A reply the caller sees. */
  public static NewNote reply(String text) {
    return new NewNote(text, NoteVisibility.REPLY, null);
  }
}
