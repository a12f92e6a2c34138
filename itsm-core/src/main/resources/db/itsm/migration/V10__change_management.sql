-- Change management: the change detail row beside its ticket base row, its implementation tasks and
-- the votes of its approvals. Planned CMDB modifications are kept as one JSON document per change:
-- they are read and applied together, never queried one by one.
CREATE TABLE itsm_change (
  ticket_id             UUID          NOT NULL,
  change_type           VARCHAR(16)   NOT NULL,
  risk                  VARCHAR(8),
  template_code         VARCHAR(64),
  implementer_id        VARCHAR(64)   NOT NULL,
  planned_start         TIMESTAMP WITH TIME ZONE NOT NULL,
  planned_end           TIMESTAMP WITH TIME ZONE NOT NULL,
  outage                BOOLEAN       NOT NULL,
  backout_plan          VARCHAR(4000),
  planned_ci_changes    VARCHAR(100000),
  ci_changes_applied_at TIMESTAMP WITH TIME ZONE,
  approval_round        INTEGER       NOT NULL,
  authorization_at      TIMESTAMP WITH TIME ZONE,
  info_request          VARCHAR(2000),
  implementation_outcome VARCHAR(16),
  retrospective         VARCHAR(4000),
  close_code            VARCHAR(32),
  close_notes           VARCHAR(4000),
  cancel_reason         VARCHAR(500),
  CONSTRAINT pk_itsm_change PRIMARY KEY (ticket_id),
  CONSTRAINT fk_itsm_change_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);
CREATE INDEX ix_itsm_change_window ON itsm_change (planned_start, planned_end);
CREATE INDEX ix_itsm_change_implementer ON itsm_change (implementer_id, planned_end);

CREATE TABLE itsm_change_task (
  ticket_id UUID          NOT NULL,
  idx       INTEGER       NOT NULL,
  title     VARCHAR(200)  NOT NULL,
  step      INTEGER       NOT NULL,
  outcome   VARCHAR(16),
  note      VARCHAR(2000),
  done_by   VARCHAR(64),
  done_at   TIMESTAMP WITH TIME ZONE,
  CONSTRAINT pk_itsm_change_task PRIMARY KEY (ticket_id, idx),
  CONSTRAINT fk_itsm_change_task_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);

-- one vote per approver, level and round: a second vote by the same approver is refused
CREATE TABLE itsm_change_approval (
  id          UUID          NOT NULL,
  ticket_id   UUID          NOT NULL,
  round       INTEGER       NOT NULL,
  level       VARCHAR(16)   NOT NULL,
  approver_id VARCHAR(64)   NOT NULL,
  vote        VARCHAR(16)   NOT NULL,
  comment     VARCHAR(2000),
  decided_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_change_approval PRIMARY KEY (id),
  CONSTRAINT uq_itsm_change_approval UNIQUE (ticket_id, round, level, approver_id),
  CONSTRAINT fk_itsm_change_approval_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);

-- maintenance windows (of a CI, or of the CIs a service depends on) and freeze windows (global when
-- ci_id is null, else of a service)
CREATE TABLE itsm_change_window (
  id         UUID          NOT NULL,
  tenant_id  VARCHAR(64)   NOT NULL,
  kind       VARCHAR(16)   NOT NULL,
  name       VARCHAR(200)  NOT NULL,
  ci_id      UUID,
  start_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  end_at     TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by VARCHAR(64)   NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_change_window PRIMARY KEY (id)
);
CREATE INDEX ix_itsm_change_window_ci ON itsm_change_window (tenant_id, ci_id, kind);
CREATE INDEX ix_itsm_change_window_period ON itsm_change_window (tenant_id, kind, end_at);

-- links between tickets: an incident caused by a change (from the incident to the change)
CREATE TABLE itsm_ticket_link (
  from_id    UUID          NOT NULL,
  to_id      UUID          NOT NULL,
  kind       VARCHAR(32)   NOT NULL,
  seq        BIGINT        NOT NULL,
  tenant_id  VARCHAR(64)   NOT NULL,
  created_by VARCHAR(64)   NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_ticket_link PRIMARY KEY (from_id, to_id, kind),
  CONSTRAINT fk_itsm_ticket_link_from FOREIGN KEY (from_id) REFERENCES itsm_ticket (id),
  CONSTRAINT fk_itsm_ticket_link_to FOREIGN KEY (to_id) REFERENCES itsm_ticket (id)
);
CREATE INDEX ix_itsm_ticket_link_to ON itsm_ticket_link (to_id, kind, seq);
