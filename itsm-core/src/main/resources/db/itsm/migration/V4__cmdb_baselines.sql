-- CMDB baselines: named snapshots of the items a query matched, for diffs against now or each other.

CREATE TABLE itsm_ci_baseline (
  id          UUID          NOT NULL,
  tenant_id   VARCHAR(64)   NOT NULL,
  name        VARCHAR(100)  NOT NULL,
  query       VARCHAR(2000) NOT NULL,
  items       INTEGER       NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  created_by  VARCHAR(64)   NOT NULL,
  CONSTRAINT pk_itsm_ci_baseline PRIMARY KEY (id),
  CONSTRAINT uq_itsm_ci_baseline_name UNIQUE (tenant_id, name)
);

CREATE TABLE itsm_ci_baseline_item (
  baseline_id UUID           NOT NULL,
  ci_id       UUID           NOT NULL,
  type_name   VARCHAR(64)    NOT NULL,
  name        VARCHAR(200)   NOT NULL,
  state       VARCHAR(16)    NOT NULL,
  attributes  VARCHAR(32000) NOT NULL,
  version     BIGINT         NOT NULL,
  CONSTRAINT pk_itsm_ci_baseline_item PRIMARY KEY (baseline_id, ci_id),
  CONSTRAINT fk_itsm_ci_baseline_item FOREIGN KEY (baseline_id) REFERENCES itsm_ci_baseline (id)
);
