-- Release management: the release detail row beside its ticket base row, its target environments in
-- deployment order, the software CIs of each environment with the version they had before the release (what a
-- rollback restores), and the stage results reported by pipelines and people. Bundled changes and incidents
-- during early life support are ticket links.
CREATE TABLE itsm_release (
  ticket_id          UUID          NOT NULL,
  release_type       VARCHAR(16)   NOT NULL,
  release_version    VARCHAR(64)   NOT NULL,
  early_support      BIGINT        NOT NULL,
  go_decision        VARCHAR(8),
  decided_by         VARCHAR(64),
  decision_comment   VARCHAR(2000),
  decided_at         TIMESTAMP WITH TIME ZONE,
  rollback_reason    VARCHAR(4000),
  support_ends_at    TIMESTAMP WITH TIME ZONE,
  notes              VARCHAR(100000),
  notes_published_by VARCHAR(64),
  notes_published_at TIMESTAMP WITH TIME ZONE,
  close_notes        VARCHAR(4000),
  cancel_reason      VARCHAR(500),
  CONSTRAINT pk_itsm_release PRIMARY KEY (ticket_id),
  CONSTRAINT fk_itsm_release_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);

CREATE TABLE itsm_release_env (
  ticket_id      UUID          NOT NULL,
  idx            INTEGER       NOT NULL,
  name           VARCHAR(64)   NOT NULL,
  window_start   TIMESTAMP WITH TIME ZONE NOT NULL,
  window_end     TIMESTAMP WITH TIME ZONE NOT NULL,
  status         VARCHAR(16)   NOT NULL,
  started_at     TIMESTAMP WITH TIME ZONE,
  deployed_at    TIMESTAMP WITH TIME ZONE,
  verified_at    TIMESTAMP WITH TIME ZONE,
  rolled_back_at TIMESTAMP WITH TIME ZONE,
  CONSTRAINT pk_itsm_release_env PRIMARY KEY (ticket_id, idx),
  CONSTRAINT uq_itsm_release_env_name UNIQUE (ticket_id, name),
  CONSTRAINT fk_itsm_release_env_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);
CREATE INDEX ix_itsm_release_env_window ON itsm_release_env (window_start, window_end);

CREATE TABLE itsm_release_env_ci (
  ticket_id        UUID          NOT NULL,
  idx              INTEGER       NOT NULL,
  ci_id            UUID          NOT NULL,
  previous_version VARCHAR(4000),
  CONSTRAINT pk_itsm_release_env_ci PRIMARY KEY (ticket_id, idx, ci_id),
  CONSTRAINT fk_itsm_release_env_ci_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);

CREATE TABLE itsm_release_result (
  id           UUID          NOT NULL,
  ticket_id    UUID          NOT NULL,
  seq          INTEGER       NOT NULL,
  stage        VARCHAR(16)   NOT NULL,
  environment  VARCHAR(64),
  outcome      VARCHAR(16)   NOT NULL,
  details      VARCHAR(4000),
  external_ref VARCHAR(500),
  reported_by  VARCHAR(64)   NOT NULL,
  reported_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_release_result PRIMARY KEY (id),
  CONSTRAINT uq_itsm_release_result_seq UNIQUE (ticket_id, seq),
  CONSTRAINT fk_itsm_release_result_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);
