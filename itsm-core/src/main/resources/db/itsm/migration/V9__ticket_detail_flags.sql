-- Whether a ticket has CI references and custom field values, kept on the ticket row by the engine
-- (every change of either writes the row): a page of tickets then reads CIs and fields only for the
-- tickets that have some, without a subquery per row (docs/benchmarks.md, the queue query).
ALTER TABLE itsm_ticket ADD COLUMN has_cis BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE itsm_ticket ADD COLUMN has_fields BOOLEAN DEFAULT FALSE NOT NULL;
UPDATE itsm_ticket SET has_cis = TRUE WHERE id IN (SELECT ticket_id FROM itsm_ticket_ci);
UPDATE itsm_ticket SET has_fields = TRUE WHERE id IN (SELECT ticket_id FROM itsm_ticket_field);
