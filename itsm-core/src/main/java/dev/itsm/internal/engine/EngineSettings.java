package dev.itsm.internal.engine;

import dev.itsm.api.incident.IncidentSettings;
import dev.itsm.api.sla.SlaSettings;
import dev.itsm.spi.ItsmPlugin;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;

/** Everything {@code ItsmEngineBuilder} collected. */
public record EngineSettings(DataSource dataSource, String jdbcUrl, String jdbcUser, String jdbcPassword, Path h2File,
                             int jdbcPoolSize, Clock clock, String historyLevel, boolean jobExecutor, String engineName,
                             List<ItsmPlugin> plugins, boolean discoverPlugins, SlaSettings sla,
                             IncidentSettings incidents, dev.itsm.api.change.ChangeSettings changes,
                             dev.itsm.api.problem.ProblemSettings problems, dev.itsm.api.release.ReleaseSettings releases, Duration deliveryRetryInterval, Duration cmdbGraphPollInterval,
                             long cmdbGraphCacheLimit, io.micrometer.core.instrument.MeterRegistry meterRegistry,
                             Duration retention, java.time.LocalTime cleanupStart, java.time.LocalTime cleanupEnd,
                             Duration jobLockTime) {}
