-- CMDB, first part: configuration item types (shared by all tenants, like the process models),
-- configuration items, the index of unique attribute values, and the per-attribute history.

CREATE TABLE itsm_ci_type (
  name              VARCHAR(64)    NOT NULL,
  parent_name       VARCHAR(64),
  change_controlled BOOLEAN        NOT NULL,
  definition        VARCHAR(32000) NOT NULL,
  version           BIGINT         NOT NULL,
  updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by        VARCHAR(64)    NOT NULL,
  CONSTRAINT pk_itsm_ci_type PRIMARY KEY (name)
);

CREATE TABLE itsm_ci (
  id          UUID           NOT NULL,
  tenant_id   VARCHAR(64)    NOT NULL,
  type_name   VARCHAR(64)    NOT NULL,
  name        VARCHAR(200)   NOT NULL,
  state       VARCHAR(16)    NOT NULL,
  attributes  VARCHAR(32000) NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by  VARCHAR(64)    NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by  VARCHAR(64)    NOT NULL,
  version     BIGINT         NOT NULL,
  CONSTRAINT pk_itsm_ci PRIMARY KEY (id),
  CONSTRAINT fk_itsm_ci_type FOREIGN KEY (type_name) REFERENCES itsm_ci_type (name)
);
CREATE INDEX ix_itsm_ci_type ON itsm_ci (tenant_id, type_name, state);
CREATE INDEX ix_itsm_ci_name ON itsm_ci (tenant_id, name);

-- one row per value of a unique attribute; scope_type is the type that declares the attribute, so
-- CIs of its subtypes share the uniqueness
CREATE TABLE itsm_ci_unique (
  tenant_id   VARCHAR(64)   NOT NULL,
  scope_type  VARCHAR(64)   NOT NULL,
  attr_name   VARCHAR(64)   NOT NULL,
  attr_value  VARCHAR(1000) NOT NULL,
  ci_id       UUID          NOT NULL,
  CONSTRAINT pk_itsm_ci_unique PRIMARY KEY (tenant_id, scope_type, attr_name, attr_value)
);
CREATE INDEX ix_itsm_ci_unique_ci ON itsm_ci_unique (ci_id);

-- old and new values are JSON texts, so a CI can be read as of any past moment
CREATE TABLE itsm_ci_history (
  id             UUID           NOT NULL,
  tenant_id      VARCHAR(64)    NOT NULL,
  ci_id          UUID           NOT NULL,
  seq            BIGINT         NOT NULL,
  occurred_at    TIMESTAMP WITH TIME ZONE NOT NULL,
  actor_id       VARCHAR(64)    NOT NULL,
  action         VARCHAR(32)    NOT NULL,
  field          VARCHAR(64),
  old_value      VARCHAR(32000),
  new_value      VARCHAR(32000),
  caused_by_type VARCHAR(32),
  caused_by_id   VARCHAR(64),
  version        BIGINT         NOT NULL,
  CONSTRAINT pk_itsm_ci_history PRIMARY KEY (id)
);
CREATE INDEX ix_itsm_ci_history_ci ON itsm_ci_history (ci_id, seq);
