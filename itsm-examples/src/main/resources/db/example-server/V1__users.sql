-- The example server's users, sessions and API tokens (H2 and PostgreSQL).
-- Passwords are stored only as Argon2id hashes (PHC string format), session ids and API tokens
-- only as SHA-256 hashes (hex).

CREATE TABLE itsm_example_user (
  id            VARCHAR(100)             NOT NULL PRIMARY KEY,
  password_hash VARCHAR(255)             NOT NULL,
  sort_order    INTEGER                  NOT NULL,
  created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

-- support groups, also those nobody is in yet
CREATE TABLE itsm_example_group (
  id VARCHAR(100) NOT NULL PRIMARY KEY
);

CREATE TABLE itsm_example_user_role (
  user_id VARCHAR(100) NOT NULL REFERENCES itsm_example_user (id) ON DELETE CASCADE,
  role_name VARCHAR(100) NOT NULL,
  PRIMARY KEY (user_id, role_name)
);

CREATE TABLE itsm_example_user_group (
  user_id  VARCHAR(100) NOT NULL REFERENCES itsm_example_user (id) ON DELETE CASCADE,
  group_id VARCHAR(100) NOT NULL REFERENCES itsm_example_group (id),
  sort_order INTEGER    NOT NULL,
  PRIMARY KEY (user_id, group_id)
);

CREATE INDEX itsm_example_user_group_group ON itsm_example_user_group (group_id);

CREATE TABLE itsm_example_session (
  id_hash      VARCHAR(64)              NOT NULL PRIMARY KEY,
  user_id      VARCHAR(100)             NOT NULL REFERENCES itsm_example_user (id) ON DELETE CASCADE,
  csrf_token   VARCHAR(64)              NOT NULL,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  last_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX itsm_example_session_user ON itsm_example_session (user_id);

CREATE TABLE itsm_example_api_token (
  id           VARCHAR(36)              NOT NULL PRIMARY KEY,
  user_id      VARCHAR(100)             NOT NULL REFERENCES itsm_example_user (id) ON DELETE CASCADE,
  name         VARCHAR(100)             NOT NULL,
  token_hash   VARCHAR(64)              NOT NULL UNIQUE,
  created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at   TIMESTAMP WITH TIME ZONE NOT NULL,
  last_used_at TIMESTAMP WITH TIME ZONE,
  revoked_at   TIMESTAMP WITH TIME ZONE
);

CREATE INDEX itsm_example_api_token_user ON itsm_example_api_token (user_id);
