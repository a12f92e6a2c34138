-- CMDB import: identification keys on items, import sources with their attribute authority, and
-- the unauthorised changes feeds reported on change-controlled items.

-- SHA-256 (hex) of the identifying values under the type's identification rule; NULL when an
-- identifying value is missing. Not unique: several matches are reported as a conflict.
ALTER TABLE itsm_ci ADD COLUMN ident_key VARCHAR(64);
-- the key alone leads these indexes: imports look up a chunk's keys (and unique values) with one
-- IN list, which every database here can serve from an index whose first column it restricts
CREATE INDEX ix_itsm_ci_ident ON itsm_ci (ident_key);
CREATE INDEX ix_itsm_ci_unique_value ON itsm_ci_unique (attr_value);

CREATE TABLE itsm_ci_source (
  name        VARCHAR(64)    NOT NULL,
  definition  VARCHAR(32000) NOT NULL,
  version     BIGINT         NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by  VARCHAR(64)    NOT NULL,
  CONSTRAINT pk_itsm_ci_source PRIMARY KEY (name)
);

CREATE TABLE itsm_ci_unauthorised (
  id            UUID           NOT NULL,
  tenant_id     VARCHAR(64)    NOT NULL,
  ci_id         UUID           NOT NULL,
  source_name   VARCHAR(64)    NOT NULL,
  field         VARCHAR(80)    NOT NULL,
  current_value VARCHAR(32000),
  reported      VARCHAR(32000),
  reported_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  status        VARCHAR(16)    NOT NULL,
  reviewed_at   TIMESTAMP WITH TIME ZONE,
  reviewed_by   VARCHAR(64),
  review_note   VARCHAR(2000),
  CONSTRAINT pk_itsm_ci_unauthorised PRIMARY KEY (id),
  CONSTRAINT fk_itsm_ci_unauthorised_ci FOREIGN KEY (ci_id) REFERENCES itsm_ci (id)
);
CREATE INDEX ix_itsm_ci_unauthorised ON itsm_ci_unauthorised (tenant_id, status, ci_id);
