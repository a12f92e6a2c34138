package dev.itsm.api.change;

import java.time.Instant;
import java.util.UUID;

/**
 * A defined window.
 *
 * @param id        its id
 * @param kind      maintenance or freeze
 * @param name      what it is
 * @param ciId      the CI or service it belongs to; {@code null} for a global freeze
 * @param start     when it opens
 * @param end       when it closes
 * @param createdBy who defined it
 * @param createdAt when
 */
public record ChangeWindow(UUID id, WindowKind kind, String name, UUID ciId, Instant start, Instant end, String createdBy,
                           Instant createdAt) {}
