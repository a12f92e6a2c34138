-- ITSM foundation schema. One script set for H2 and PostgreSQL: keep to portable SQL.
-- Instants are stored as TIMESTAMP WITH TIME ZONE and always written in UTC.

CREATE TABLE itsm_ticket (
  id                  UUID          NOT NULL,
  tenant_id           VARCHAR(64)   NOT NULL,
  ticket_type         VARCHAR(16)   NOT NULL,
  number              VARCHAR(32)   NOT NULL,
  number_seq          BIGINT        NOT NULL,
  title               VARCHAR(200)  NOT NULL,
  description         VARCHAR(4000),
  state               VARCHAR(32)   NOT NULL,
  priority            VARCHAR(2)    NOT NULL,
  group_id            VARCHAR(64),
  assignee_id         VARCHAR(64),
  caller_id           VARCHAR(64)   NOT NULL,
  process_instance_id VARCHAR(64),
  next_sla_due        TIMESTAMP WITH TIME ZONE,
  opened_at           TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  resolved_at         TIMESTAMP WITH TIME ZONE,
  closed_at           TIMESTAMP WITH TIME ZONE,
  created_by          VARCHAR(64)   NOT NULL,
  updated_by          VARCHAR(64)   NOT NULL,
  version             BIGINT        NOT NULL,
  CONSTRAINT pk_itsm_ticket PRIMARY KEY (id),
  CONSTRAINT uq_itsm_ticket_number UNIQUE (tenant_id, number)
);
CREATE INDEX ix_itsm_ticket_state ON itsm_ticket (tenant_id, ticket_type, state);
CREATE INDEX ix_itsm_ticket_group ON itsm_ticket (tenant_id, group_id, state);
CREATE INDEX ix_itsm_ticket_assignee ON itsm_ticket (tenant_id, assignee_id);
CREATE INDEX ix_itsm_ticket_caller ON itsm_ticket (tenant_id, caller_id);
CREATE INDEX ix_itsm_ticket_sla_due ON itsm_ticket (tenant_id, next_sla_due);
CREATE INDEX ix_itsm_ticket_process ON itsm_ticket (process_instance_id);

CREATE TABLE itsm_incident (
  ticket_id       UUID          NOT NULL,
  impact          VARCHAR(16)   NOT NULL,
  urgency         VARCHAR(16)   NOT NULL,
  category        VARCHAR(64)   NOT NULL,
  channel         VARCHAR(16)   NOT NULL,
  hold_reason     VARCHAR(32),
  hold_comment    VARCHAR(500),
  resolution_code VARCHAR(64),
  resolution_text VARCHAR(4000),
  cancel_reason   VARCHAR(500),
  assigned_at     TIMESTAMP WITH TIME ZONE,
  acknowledged_at TIMESTAMP WITH TIME ZONE,
  reopen_count    INTEGER       NOT NULL,
  CONSTRAINT pk_itsm_incident PRIMARY KEY (ticket_id),
  CONSTRAINT fk_itsm_incident_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);

-- configuration items a ticket refers to (validated by the CMDB once it exists)
CREATE TABLE itsm_ticket_ci (
  ticket_id UUID NOT NULL,
  ci_id     UUID NOT NULL,
  CONSTRAINT pk_itsm_ticket_ci PRIMARY KEY (ticket_id, ci_id),
  CONSTRAINT fk_itsm_ticket_ci_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);
CREATE INDEX ix_itsm_ticket_ci_ci ON itsm_ticket_ci (ci_id);

-- host-defined typed fields: one typed, indexed column per value kind
CREATE TABLE itsm_ticket_field (
  ticket_id     UUID         NOT NULL,
  field_name    VARCHAR(64)  NOT NULL,
  string_value  VARCHAR(1000),
  number_value  NUMERIC(38, 10),
  boolean_value BOOLEAN,
  instant_value TIMESTAMP WITH TIME ZONE,
  CONSTRAINT pk_itsm_ticket_field PRIMARY KEY (ticket_id, field_name),
  CONSTRAINT fk_itsm_ticket_field_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);
CREATE INDEX ix_itsm_field_string ON itsm_ticket_field (field_name, string_value);
CREATE INDEX ix_itsm_field_number ON itsm_ticket_field (field_name, number_value);
CREATE INDEX ix_itsm_field_instant ON itsm_ticket_field (field_name, instant_value);

-- orders audit entries and notes that share a timestamp
CREATE SEQUENCE itsm_order_seq START WITH 1;

CREATE TABLE itsm_ticket_note (
  id                 UUID          NOT NULL,
  tenant_id          VARCHAR(64)   NOT NULL,
  ticket_id          UUID          NOT NULL,
  seq                BIGINT        NOT NULL,
  author_id          VARCHAR(64)   NOT NULL,
  visibility         VARCHAR(16)   NOT NULL,
  body               VARCHAR(4000) NOT NULL,
  time_spent_seconds BIGINT,
  created_at         TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_ticket_note PRIMARY KEY (id),
  CONSTRAINT fk_itsm_ticket_note_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);
CREATE INDEX ix_itsm_note_ticket ON itsm_ticket_note (ticket_id, seq);
CREATE INDEX ix_itsm_note_tenant ON itsm_ticket_note (tenant_id, created_at);

-- SLA clocks live in their own rows: a timer job that records a warning or breach never touches
-- the ticket row, so it never makes an agent's update fail.
CREATE TABLE itsm_sla_clock (
  id              UUID        NOT NULL,
  tenant_id       VARCHAR(64) NOT NULL,
  ticket_id       UUID        NOT NULL,
  kind            VARCHAR(32) NOT NULL,
  target_ms       BIGINT      NOT NULL,
  warning_ratio   NUMERIC(5, 4) NOT NULL,
  started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  paused_since    TIMESTAMP WITH TIME ZONE,
  paused_total_ms BIGINT      NOT NULL,
  stopped_at      TIMESTAMP WITH TIME ZONE,
  stop_reason     VARCHAR(16),
  deadline        TIMESTAMP WITH TIME ZONE,
  warning_at      TIMESTAMP WITH TIME ZONE,
  warned_at       TIMESTAMP WITH TIME ZONE,
  breached_at     TIMESTAMP WITH TIME ZONE,
  version         BIGINT      NOT NULL,
  CONSTRAINT pk_itsm_sla_clock PRIMARY KEY (id),
  CONSTRAINT uq_itsm_sla_clock UNIQUE (ticket_id, kind),
  CONSTRAINT fk_itsm_sla_clock_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);
CREATE INDEX ix_itsm_sla_deadline ON itsm_sla_clock (tenant_id, deadline);

-- field-level audit trail; seq (from itsm_order_seq) orders the entries of a ticket
CREATE TABLE itsm_audit (
  id             UUID          NOT NULL,
  tenant_id      VARCHAR(64)   NOT NULL,
  ticket_id      UUID          NOT NULL,
  seq            BIGINT        NOT NULL,
  occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  actor_id       VARCHAR(64)   NOT NULL,
  action         VARCHAR(64)   NOT NULL,
  field          VARCHAR(64),
  old_value      VARCHAR(4000),
  new_value      VARCHAR(4000),
  caused_by_type VARCHAR(32),
  caused_by_id   VARCHAR(64),
  CONSTRAINT pk_itsm_audit PRIMARY KEY (id)
);
CREATE INDEX ix_itsm_audit_ticket ON itsm_audit (ticket_id, seq);

-- events and notifications written in the operation's transaction, delivered after commit
CREATE TABLE itsm_outbox (
  id              UUID           NOT NULL,
  tenant_id       VARCHAR(64)    NOT NULL,
  kind            VARCHAR(16)    NOT NULL,
  type            VARCHAR(64)    NOT NULL,
  ticket_id       UUID,
  idempotency_key VARCHAR(200)   NOT NULL,
  payload         VARCHAR(100000) NOT NULL,
  status          VARCHAR(16)    NOT NULL,
  attempts        INTEGER        NOT NULL,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE NOT NULL,
  lease_until     TIMESTAMP WITH TIME ZONE,
  delivered_at    TIMESTAMP WITH TIME ZONE,
  last_error      VARCHAR(2000),
  CONSTRAINT pk_itsm_outbox PRIMARY KEY (id),
  CONSTRAINT uq_itsm_outbox_key UNIQUE (idempotency_key)
);
CREATE INDEX ix_itsm_outbox_due ON itsm_outbox (status, next_attempt_at);
CREATE INDEX ix_itsm_outbox_ticket ON itsm_outbox (ticket_id);

-- ticket numbers of the default tenant; other tenants' sequences are created on first use
CREATE SEQUENCE itsm_seq_inc_default START WITH 1;
CREATE SEQUENCE itsm_seq_prb_default START WITH 1;
CREATE SEQUENCE itsm_seq_chg_default START WITH 1;
CREATE SEQUENCE itsm_seq_rel_default START WITH 1;
CREATE SEQUENCE itsm_seq_req_default START WITH 1;
