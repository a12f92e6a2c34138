-- The incident reports read tickets by the period they were opened or resolved in; without these
-- indexes each report scanned every ticket of the database.

-- opened in [from, to): the volume report (tenant, type INCIDENT, opened_at range) and the SLA
-- report's late segment owners (tenant, opened_at range, any type). The tenant leads, the range
-- follows, and the type is the last key column, so both queries range-scan the one index and the
-- volume report checks the type in the index itself
CREATE INDEX ix_itsm_ticket_opened ON itsm_ticket (tenant_id, opened_at, ticket_type);

-- resolved in [from, to): the technician report (tenant, type INCIDENT, resolved_at range); both
-- equalities lead, so the scan covers the incidents of the period only
CREATE INDEX ix_itsm_ticket_resolved ON itsm_ticket (tenant_id, ticket_type, resolved_at);
