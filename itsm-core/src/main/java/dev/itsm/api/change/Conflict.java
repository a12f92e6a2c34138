package dev.itsm.api.change;

import java.util.UUID;

/**
 * One conflict of a change's plan.
 *
 * @param kind              why it clashes
 * @param policy            what the settings say it does
 * @param reason            a sentence naming the other change, CI, window or implementer
 * @param otherChangeId     the other change ({@link ConflictKind#SAME_CI}, {@link ConflictKind#RELATED_CI},
 *                          {@link ConflictKind#IMPLEMENTER_BUSY}), else {@code null}
 * @param otherChangeNumber its number, else {@code null}
 * @param ciId              the CI concerned, or {@code null}
 * @param windowId          the freeze window ({@link ConflictKind#FREEZE}), else {@code null}
 */
public record Conflict(ConflictKind kind, ConflictPolicy policy, String reason, UUID otherChangeId,
                       String otherChangeNumber, UUID ciId, UUID windowId) {}
