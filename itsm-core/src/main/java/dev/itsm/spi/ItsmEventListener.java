package dev.itsm.spi;

import dev.itsm.api.event.DomainEvent;

/**
 * Receives domain events after the transaction that caused them committed, on the engine's delivery
 * thread, in commit order per node. Delivery is at least once; throwing retries later with
 * back-off. Use {@link DomainEvent#id()} to recognise a redelivery.
 */
@FunctionalInterface
public interface ItsmEventListener {

  void onEvent(DomainEvent event) throws Exception;
}
