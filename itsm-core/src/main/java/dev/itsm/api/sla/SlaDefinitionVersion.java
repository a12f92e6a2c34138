package dev.itsm.api.sla;

import java.time.Instant;

/**
 * A published version of a definition.
 *
 * @param version     1 for the first publication of its code, then one more for every change
 * @param current     whether new tickets get this version
 * @param builtIn     whether it is one of the library's defaults (built from {@link SlaSettings}), which
 *                    apply only where no host definition of the same agreement matches
 * @param publishedBy id of the actor who published it ({@code system} for plugins and files)
 */
public record SlaDefinitionVersion(SlaDefinition definition, int version, boolean current, boolean builtIn,
                                   Instant publishedAt, String publishedBy) {}
