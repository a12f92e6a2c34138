-- Knowledge search on H2: an Apache Lucene index in the engine's memory, filled from itsm_kb_article by
-- search_seq (see docs/knowledge.md). Here only the index of the article list.
CREATE INDEX ix_itsm_kb_article_state ON itsm_kb_article (tenant_id, state, number);
