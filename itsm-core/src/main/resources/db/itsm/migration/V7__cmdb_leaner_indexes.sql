-- CMDB write cost: one index less on every history row, two less on every unique value.

-- history rows are identified by their item and their place in the global order; their own id
-- was never read, and its random values made every insert touch a random page of one more index
ALTER TABLE itsm_ci_history DROP CONSTRAINT pk_itsm_ci_history;
ALTER TABLE itsm_ci_history DROP COLUMN id;
DROP INDEX ix_itsm_ci_history_ci;
ALTER TABLE itsm_ci_history ADD CONSTRAINT pk_itsm_ci_history PRIMARY KEY (ci_id, seq);

-- the value leads the key of a unique value, so the import's lookup of a chunk's values is served
-- by the key itself, and the separate index on the value goes; a value is deleted by its key (the
-- writer knows the value it frees), so the index on the item goes too
ALTER TABLE itsm_ci_unique DROP CONSTRAINT pk_itsm_ci_unique;
DROP INDEX ix_itsm_ci_unique_value;
DROP INDEX ix_itsm_ci_unique_ci;
ALTER TABLE itsm_ci_unique ADD CONSTRAINT pk_itsm_ci_unique PRIMARY KEY (attr_value, attr_name, scope_type, tenant_id);
