package dev.itsm.internal.process;

import dev.itsm.internal.tx.TicketAggregate;

/** A ticket whose lifecycle a process instance drives, as {@link ProcessSteps} sees it. */
public interface ProcessTicket extends TicketAggregate {

  /** The ticket kind for messages: {@code incident}, {@code change}. */
  String kind();

  /** The process instance, or {@code null} before it started. */
  String processInstanceId();

  /** The version stored now. */
  long version();

  /** The state's name. */
  String stateName();
}
