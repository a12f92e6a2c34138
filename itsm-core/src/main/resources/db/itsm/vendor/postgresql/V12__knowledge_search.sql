-- Knowledge search on PostgreSQL: the database's own full-text search. The published title, tags and
-- body are weighted A, B and C in a generated tsvector with a GIN index; the text search configuration
-- follows the published version's language (itsm_kb_config, 'simple' for languages without one).
CREATE INDEX ix_itsm_kb_article_state ON itsm_kb_article (tenant_id, state, number);

CREATE FUNCTION itsm_kb_config(lang VARCHAR) RETURNS regconfig
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT (CASE lang
    WHEN 'en' THEN 'english' WHEN 'de' THEN 'german' WHEN 'fr' THEN 'french' WHEN 'es' THEN 'spanish'
    WHEN 'it' THEN 'italian' WHEN 'nl' THEN 'dutch' WHEN 'pt' THEN 'portuguese' WHEN 'sv' THEN 'swedish'
    WHEN 'da' THEN 'danish' WHEN 'no' THEN 'norwegian' WHEN 'fi' THEN 'finnish' WHEN 'ru' THEN 'russian'
    ELSE 'simple' END)::regconfig
$$;

ALTER TABLE itsm_kb_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector(itsm_kb_config(pub_language), coalesce(pub_title, '')), 'A')
  || setweight(to_tsvector(itsm_kb_config(pub_language), coalesce(pub_tags, '')), 'B')
  || setweight(to_tsvector(itsm_kb_config(pub_language), coalesce(pub_body, '')), 'C')) STORED;
CREATE INDEX ix_itsm_kb_article_search ON itsm_kb_article USING GIN (search_vector);
-- the title and tags alone: the candidates a search ranks first when very many articles match
ALTER TABLE itsm_kb_article ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector(itsm_kb_config(pub_language), coalesce(pub_title, '')), 'A')
  || setweight(to_tsvector(itsm_kb_config(pub_language), coalesce(pub_tags, '')), 'B')) STORED;
CREATE INDEX ix_itsm_kb_article_title_search ON itsm_kb_article USING GIN (title_vector);
