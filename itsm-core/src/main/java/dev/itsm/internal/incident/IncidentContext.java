package dev.itsm.internal.incident;

import dev.itsm.internal.sla.ClockRules;
import dev.itsm.api.incident.IncidentSettings;
import dev.itsm.api.sla.SlaSettings;
import dev.itsm.internal.security.AccessPolicy;
import dev.itsm.internal.tx.Tx;
import dev.itsm.spi.CustomField;
import dev.itsm.spi.Directory;
import java.util.Map;
import org.operaton.bpm.engine.ProcessEngine;

/** What incident management needs from the engine. */
public record IncidentContext(Tx tx, AccessPolicy access, IncidentSettings settings, SlaSettings sla,
                              Map<String, CustomField> customFields, Directory directory, NumberSequences numbers,
                              ProcessEngine processEngine, ClockRules clocks) {}
