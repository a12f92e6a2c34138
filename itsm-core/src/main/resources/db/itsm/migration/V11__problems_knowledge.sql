-- Problem management and the knowledge base. The problem detail row sits beside its ticket base row;
-- its incidents and fix changes are ticket links (itsm_ticket_link), its CIs ticket CIs.
CREATE TABLE itsm_problem (
  ticket_id               UUID          NOT NULL,
  impact                  VARCHAR(16)   NOT NULL,
  urgency                 VARCHAR(16)   NOT NULL,
  category                VARCHAR(64),
  symptom                 VARCHAR(4000),
  root_cause              VARCHAR(4000),
  workaround              VARCHAR(4000),
  known_error_by          VARCHAR(64),
  known_error_at          TIMESTAMP WITH TIME ZONE,
  workaround_published_at TIMESTAMP WITH TIME ZONE,
  article_id              UUID,
  major_review            VARCHAR(8),
  major_review_findings   VARCHAR(4000),
  resolution              VARCHAR(32),
  resolution_text         VARCHAR(4000),
  cancel_reason           VARCHAR(500),
  proposal_id             UUID,
  CONSTRAINT pk_itsm_problem PRIMARY KEY (ticket_id),
  CONSTRAINT fk_itsm_problem_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);
-- published known errors, read when an incident opens to offer their workarounds
CREATE INDEX ix_itsm_problem_published ON itsm_problem (workaround_published_at);

CREATE TABLE itsm_problem_task (
  ticket_id   UUID          NOT NULL,
  idx         INTEGER       NOT NULL,
  title       VARCHAR(200)  NOT NULL,
  assignee_id VARCHAR(64)   NOT NULL,
  findings    VARCHAR(4000),
  done_by     VARCHAR(64),
  done_at     TIMESTAMP WITH TIME ZONE,
  created_by  VARCHAR(64)   NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_problem_task PRIMARY KEY (ticket_id, idx),
  CONSTRAINT fk_itsm_problem_task_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);

-- what detection counts: one row per incident and key (its category, each CI, caller and service)
CREATE TABLE itsm_incident_signal (
  ticket_id   UUID          NOT NULL,
  kind        VARCHAR(16)   NOT NULL,
  signal_key  VARCHAR(200)  NOT NULL,
  tenant_id   VARCHAR(64)   NOT NULL,
  occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_incident_signal PRIMARY KEY (ticket_id, kind, signal_key),
  CONSTRAINT fk_itsm_incident_signal_ticket FOREIGN KEY (ticket_id) REFERENCES itsm_ticket (id)
);
CREATE INDEX ix_itsm_incident_signal_key ON itsm_incident_signal (tenant_id, kind, signal_key, occurred_at);

CREATE TABLE itsm_problem_proposal (
  id          UUID          NOT NULL,
  tenant_id   VARCHAR(64)   NOT NULL,
  basis       VARCHAR(16)   NOT NULL,
  basis_key   VARCHAR(64)   NOT NULL,
  status      VARCHAR(16)   NOT NULL,
  proposed_at TIMESTAMP WITH TIME ZONE NOT NULL,
  decided_by  VARCHAR(64),
  decided_at  TIMESTAMP WITH TIME ZONE,
  reason      VARCHAR(500),
  problem_id  UUID,
  CONSTRAINT pk_itsm_problem_proposal PRIMARY KEY (id)
);
CREATE INDEX ix_itsm_problem_proposal_basis ON itsm_problem_proposal (tenant_id, basis, basis_key, status);

CREATE TABLE itsm_problem_proposal_incident (
  proposal_id UUID   NOT NULL,
  incident_id UUID   NOT NULL,
  seq         BIGINT NOT NULL,
  CONSTRAINT pk_itsm_problem_proposal_incident PRIMARY KEY (proposal_id, incident_id),
  CONSTRAINT fk_itsm_proposal_incident_proposal FOREIGN KEY (proposal_id) REFERENCES itsm_problem_proposal (id),
  CONSTRAINT fk_itsm_proposal_incident_ticket FOREIGN KEY (incident_id) REFERENCES itsm_ticket (id)
);
CREATE INDEX ix_itsm_proposal_incident ON itsm_problem_proposal_incident (incident_id);

-- a caller flagged as sensitive; a cleared flag stays as the point from which contacts count again
CREATE TABLE itsm_caller_flag (
  tenant_id  VARCHAR(64)  NOT NULL,
  caller_id  VARCHAR(64)  NOT NULL,
  service    VARCHAR(64)  NOT NULL,
  contacts   INTEGER      NOT NULL,
  flagged_at TIMESTAMP WITH TIME ZONE NOT NULL,
  cleared_at TIMESTAMP WITH TIME ZONE,
  cleared_by VARCHAR(64),
  CONSTRAINT pk_itsm_caller_flag PRIMARY KEY (tenant_id, caller_id)
);

-- Knowledge articles: the working copy (title, body, tags, language, author) and the published version
-- (pub_*), which is what readers and search see; every published version is kept in itsm_kb_version. search_seq (from
-- itsm_kb_search_seq) is renewed whenever the published version changes, so an index outside the
-- database can follow.
CREATE SEQUENCE itsm_kb_number_seq START WITH 1;
CREATE SEQUENCE itsm_kb_search_seq START WITH 1;

CREATE TABLE itsm_kb_article (
  id                  UUID           NOT NULL,
  tenant_id           VARCHAR(64)    NOT NULL,
  number              VARCHAR(32)    NOT NULL,
  state               VARCHAR(16)    NOT NULL,
  language            VARCHAR(8)     NOT NULL,
  title               VARCHAR(200)   NOT NULL,
  body                VARCHAR(50000) NOT NULL,
  tags                VARCHAR(1000),
  version             INTEGER        NOT NULL,
  author_id           VARCHAR(64)    NOT NULL,
  published_version   INTEGER,
  pub_language        VARCHAR(8),
  pub_author_id       VARCHAR(64),
  pub_title           VARCHAR(200),
  pub_body            VARCHAR(50000),
  pub_tags            VARCHAR(1000),
  approved_by         VARCHAR(64),
  published_at        TIMESTAMP WITH TIME ZONE,
  problem_id          UUID,
  resolved_count      BIGINT         NOT NULL,
  search_seq          BIGINT         NOT NULL,
  process_instance_id VARCHAR(64),
  retire_reason       VARCHAR(500),
  created_by          VARCHAR(64)    NOT NULL,
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by          VARCHAR(64)    NOT NULL,
  updated_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  revision            BIGINT         NOT NULL,
  CONSTRAINT pk_itsm_kb_article PRIMARY KEY (id),
  CONSTRAINT uq_itsm_kb_article_number UNIQUE (tenant_id, number)
);
CREATE INDEX ix_itsm_kb_article_search_seq ON itsm_kb_article (search_seq);
CREATE INDEX ix_itsm_kb_article_resolved ON itsm_kb_article (tenant_id, resolved_count);
CREATE INDEX ix_itsm_kb_article_process ON itsm_kb_article (process_instance_id);

CREATE TABLE itsm_kb_version (
  article_id   UUID           NOT NULL,
  version      INTEGER        NOT NULL,
  title        VARCHAR(200)   NOT NULL,
  body         VARCHAR(50000) NOT NULL,
  tags         VARCHAR(1000),
  author_id    VARCHAR(64)    NOT NULL,
  approved_by  VARCHAR(64)    NOT NULL,
  published_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_kb_version PRIMARY KEY (article_id, version),
  CONSTRAINT fk_itsm_kb_version_article FOREIGN KEY (article_id) REFERENCES itsm_kb_article (id)
);

-- the services (by code) and CIs (by id) an article is about
CREATE TABLE itsm_kb_link (
  article_id UUID        NOT NULL,
  kind       VARCHAR(8)  NOT NULL,
  ref        VARCHAR(64) NOT NULL,
  CONSTRAINT pk_itsm_kb_link PRIMARY KEY (article_id, kind, ref),
  CONSTRAINT fk_itsm_kb_link_article FOREIGN KEY (article_id) REFERENCES itsm_kb_article (id)
);
CREATE INDEX ix_itsm_kb_link_ref ON itsm_kb_link (kind, ref);

-- incidents an article resolved
CREATE TABLE itsm_kb_use (
  article_id  UUID        NOT NULL,
  incident_id UUID        NOT NULL,
  tenant_id   VARCHAR(64) NOT NULL,
  recorded_by VARCHAR(64) NOT NULL,
  recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_kb_use PRIMARY KEY (article_id, incident_id),
  CONSTRAINT fk_itsm_kb_use_article FOREIGN KEY (article_id) REFERENCES itsm_kb_article (id),
  CONSTRAINT fk_itsm_kb_use_incident FOREIGN KEY (incident_id) REFERENCES itsm_ticket (id)
);
CREATE INDEX ix_itsm_kb_use_incident ON itsm_kb_use (incident_id);
