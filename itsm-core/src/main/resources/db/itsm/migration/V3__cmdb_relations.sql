-- CMDB, relations: relation types (shared by all tenants, like CI types) and relations between items.

CREATE TABLE itsm_ci_relation_type (
  name        VARCHAR(64)    NOT NULL,
  definition  VARCHAR(32000) NOT NULL,
  version     BIGINT         NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_by  VARCHAR(64)    NOT NULL,
  CONSTRAINT pk_itsm_ci_relation_type PRIMARY KEY (name)
);

CREATE TABLE itsm_ci_relation (
  id          UUID          NOT NULL,
  tenant_id   VARCHAR(64)   NOT NULL,
  type_name   VARCHAR(64)   NOT NULL,
  source_id   UUID          NOT NULL,
  target_id   UUID          NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by  VARCHAR(64)   NOT NULL,
  CONSTRAINT pk_itsm_ci_relation PRIMARY KEY (id),
  CONSTRAINT uq_itsm_ci_relation UNIQUE (tenant_id, type_name, source_id, target_id),
  CONSTRAINT fk_itsm_ci_relation_type FOREIGN KEY (type_name) REFERENCES itsm_ci_relation_type (name),
  CONSTRAINT fk_itsm_ci_relation_source FOREIGN KEY (source_id) REFERENCES itsm_ci (id),
  CONSTRAINT fk_itsm_ci_relation_target FOREIGN KEY (target_id) REFERENCES itsm_ci (id)
);
CREATE INDEX ix_itsm_ci_relation_source ON itsm_ci_relation (source_id);
CREATE INDEX ix_itsm_ci_relation_target ON itsm_ci_relation (target_id);
