-- SLA definitions, versioned: a ticket's clocks name the code and version they count by.
CREATE TABLE itsm_sla_definition (
  code        VARCHAR(64)    NOT NULL,
  version     INT            NOT NULL,
  agreement   VARCHAR(8)     NOT NULL,
  party       VARCHAR(64)    NOT NULL,
  body        VARCHAR(32000) NOT NULL,
  built_in    BOOLEAN        NOT NULL,
  is_current  BOOLEAN        NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by  VARCHAR(64)    NOT NULL,
  CONSTRAINT pk_itsm_sla_definition PRIMARY KEY (code, version)
);

-- a clock is one target of one definition: identified per ticket by agreement, party and target
ALTER TABLE itsm_sla_clock ADD COLUMN agreement VARCHAR(8) DEFAULT 'SLA' NOT NULL;
ALTER TABLE itsm_sla_clock ADD COLUMN party VARCHAR(64) DEFAULT '' NOT NULL;
ALTER TABLE itsm_sla_clock ADD COLUMN definition_code VARCHAR(64) DEFAULT 'incident-default' NOT NULL;
ALTER TABLE itsm_sla_clock ADD COLUMN definition_version INT DEFAULT 0 NOT NULL;
ALTER TABLE itsm_sla_clock ADD COLUMN calendar VARCHAR(64) DEFAULT '24x7' NOT NULL;
ALTER TABLE itsm_sla_clock ADD COLUMN event_count INT DEFAULT 0 NOT NULL;
ALTER TABLE itsm_sla_clock ADD COLUMN thresholds VARCHAR(200) DEFAULT '75,100' NOT NULL;
-- the engine timer job (ACT_RU_JOB) armed for the clock's next threshold
ALTER TABLE itsm_sla_clock ADD COLUMN job_id VARCHAR(64);
-- business time counted when the clock stopped (reports average it)
ALTER TABLE itsm_sla_clock ADD COLUMN elapsed_ms BIGINT;
CREATE INDEX ix_itsm_sla_clock_stopped ON itsm_sla_clock (tenant_id, stopped_at);
ALTER TABLE itsm_sla_clock DROP CONSTRAINT uq_itsm_sla_clock;
ALTER TABLE itsm_sla_clock ADD CONSTRAINT uq_itsm_sla_clock UNIQUE (ticket_id, agreement, party, kind);
CREATE INDEX ix_itsm_sla_clock_definition ON itsm_sla_clock (definition_code, definition_version);
CREATE INDEX ix_itsm_sla_clock_calendar ON itsm_sla_clock (calendar, stopped_at);
CREATE INDEX ix_itsm_sla_clock_breached ON itsm_sla_clock (tenant_id, breached_at);

-- the timeline of a clock; figures on itsm_sla_clock are derived from it
CREATE TABLE itsm_sla_event (
  clock_id           UUID         NOT NULL,
  seq                INT          NOT NULL,
  ticket_id          UUID         NOT NULL,
  tenant_id          VARCHAR(64)  NOT NULL,
  event_type         VARCHAR(16)  NOT NULL,
  occurred_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  reason             VARCHAR(200),
  definition_code    VARCHAR(64),
  definition_version INT          NOT NULL,
  target_ms          BIGINT,
  calendar           VARCHAR(64),
  policy             VARCHAR(16),
  percent            INT          DEFAULT 0 NOT NULL,
  actor_id           VARCHAR(64),
  CONSTRAINT pk_itsm_sla_event PRIMARY KEY (clock_id, seq),
  CONSTRAINT fk_itsm_sla_event_clock FOREIGN KEY (clock_id) REFERENCES itsm_sla_clock (id)
);
CREATE INDEX ix_itsm_sla_event_ticket ON itsm_sla_event (ticket_id);

-- clocks written before timelines existed get one that gives the same figures on 24x7:
-- their start, their total pause as one pause right after the start, and where they stand now
INSERT INTO itsm_sla_event (clock_id, seq, ticket_id, tenant_id, event_type, occurred_at, definition_code,
  definition_version, target_ms, calendar)
SELECT id, 1, ticket_id, tenant_id, 'START', started_at, 'incident-default', 0, target_ms, '24x7' FROM itsm_sla_clock;
INSERT INTO itsm_sla_event (clock_id, seq, ticket_id, tenant_id, event_type, occurred_at, reason, definition_version)
SELECT id, 2, ticket_id, tenant_id, 'PAUSE', started_at, 'before timelines', 0 FROM itsm_sla_clock;
INSERT INTO itsm_sla_event (clock_id, seq, ticket_id, tenant_id, event_type, occurred_at, definition_version)
SELECT id, 3, ticket_id, tenant_id, 'RESUME', started_at + paused_total_ms * INTERVAL '0.001' SECOND, 0 FROM itsm_sla_clock;
INSERT INTO itsm_sla_event (clock_id, seq, ticket_id, tenant_id, event_type, occurred_at, reason, definition_version)
SELECT id, 4, ticket_id, tenant_id, CASE WHEN stopped_at IS NOT NULL THEN (CASE WHEN stop_reason = 'CANCELLED'
  THEN 'CANCEL' ELSE 'STOP' END) ELSE 'PAUSE' END, COALESCE(stopped_at, paused_since), COALESCE(stop_reason, 'state ON_HOLD'), 0
FROM itsm_sla_clock WHERE stopped_at IS NOT NULL OR paused_since IS NOT NULL;
UPDATE itsm_sla_clock SET event_count = CASE WHEN stopped_at IS NOT NULL OR paused_since IS NOT NULL THEN 4 ELSE 3 END;

-- what selects a ticket's SLA definitions besides its type and priority
ALTER TABLE itsm_ticket ADD COLUMN service VARCHAR(64);
ALTER TABLE itsm_ticket ADD COLUMN customer_class VARCHAR(64);

-- thresholds of old clocks: their warning point and the breach, recorded where they were
UPDATE itsm_sla_clock SET thresholds = CAST(CAST(ROUND(warning_ratio * 100) AS INT) AS VARCHAR(8)) || ',100';
INSERT INTO itsm_sla_event (clock_id, seq, ticket_id, tenant_id, event_type, occurred_at, definition_version, percent)
SELECT id, 5, ticket_id, tenant_id, 'THRESHOLD', warned_at, 0, CAST(ROUND(warning_ratio * 100) AS INT)
FROM itsm_sla_clock WHERE warned_at IS NOT NULL;
INSERT INTO itsm_sla_event (clock_id, seq, ticket_id, tenant_id, event_type, occurred_at, definition_version, percent)
SELECT id, 6, ticket_id, tenant_id, 'BREACH', breached_at, 0, 100 FROM itsm_sla_clock WHERE breached_at IS NOT NULL;
UPDATE itsm_sla_clock SET event_count = (SELECT MAX(seq) FROM itsm_sla_event e WHERE e.clock_id = itsm_sla_clock.id);

-- named timestamps of a ticket for segment targets (docs/sla.md, "Segment targets")
CREATE TABLE itsm_sla_stamp (
  ticket_id    UUID        NOT NULL,
  template     VARCHAR(32) NOT NULL,
  code         VARCHAR(32) NOT NULL,
  tenant_id    VARCHAR(64) NOT NULL,
  stamped_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  recorded_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  actor_id     VARCHAR(64) NOT NULL,
  CONSTRAINT pk_itsm_sla_stamp PRIMARY KEY (ticket_id, template, code),
  CONSTRAINT fk_itsm_sla_stamp_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);

-- the content of each business calendar at the last start: a changed calendar re-evaluates its clocks
CREATE TABLE itsm_sla_calendar (
  name        VARCHAR(64) NOT NULL,
  fingerprint VARCHAR(64) NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_sla_calendar PRIMARY KEY (name)
);

-- the retention cleanup finds closed tickets by when they closed
CREATE INDEX ix_itsm_ticket_closed ON itsm_ticket (closed_at);

-- the service-desk queue: a group's tickets by SLA due (closed tickets have none and sort last)
CREATE INDEX ix_itsm_ticket_queue ON itsm_ticket (tenant_id, group_id, next_sla_due);
