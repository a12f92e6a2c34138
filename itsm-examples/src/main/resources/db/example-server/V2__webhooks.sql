-- Webhooks of the example server (H2 and PostgreSQL): the URLs administrators registered for chosen
-- event types, and one delivery per webhook and event (the unique key makes a redelivered event
-- record nothing new).

CREATE TABLE itsm_example_webhook (
  id          UUID          NOT NULL,
  url         VARCHAR(2000) NOT NULL,
  -- event types and wildcards (incident.*, *), separated by single spaces
  events      VARCHAR(4000) NOT NULL,
  description VARCHAR(500),
  -- kept in clear: the server needs it to sign every delivery; the API never shows it again
  secret      VARCHAR(200)  NOT NULL,
  enabled     BOOLEAN       NOT NULL,
  created_by  VARCHAR(64)   NOT NULL,
  created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  updated_at  TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_example_webhook PRIMARY KEY (id)
);

CREATE TABLE itsm_example_webhook_delivery (
  id              UUID          NOT NULL,
  webhook_id      UUID          NOT NULL,
  event_id        UUID          NOT NULL,
  event_type      VARCHAR(64)   NOT NULL,
  ticket_id       UUID,
  ticket_number   VARCHAR(64),
  -- the JSON body sent, the same for every attempt
  body            VARCHAR(100000) NOT NULL,
  -- PENDING, DELIVERED or FAILED
  state           VARCHAR(16)   NOT NULL,
  attempts        INTEGER       NOT NULL,
  max_attempts    INTEGER       NOT NULL,
  next_attempt_at TIMESTAMP WITH TIME ZONE,
  last_attempt_at TIMESTAMP WITH TIME ZONE,
  last_status     INTEGER,
  last_error      VARCHAR(2000),
  delivered_at    TIMESTAMP WITH TIME ZONE,
  created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
  CONSTRAINT pk_itsm_example_webhook_delivery PRIMARY KEY (id),
  CONSTRAINT uq_itsm_example_webhook_delivery_event UNIQUE (webhook_id, event_id),
  CONSTRAINT fk_itsm_example_webhook_delivery_webhook FOREIGN KEY (webhook_id)
    REFERENCES itsm_example_webhook (id) ON DELETE CASCADE
);
CREATE INDEX ix_itsm_example_webhook_delivery_due ON itsm_example_webhook_delivery (state, next_attempt_at);
CREATE INDEX ix_itsm_example_webhook_delivery_list ON itsm_example_webhook_delivery (webhook_id, created_at);
