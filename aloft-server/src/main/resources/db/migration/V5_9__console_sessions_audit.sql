-- The operator console: browser sessions and the audit log of what operators and airlines did.

-- A console session. The browser holds a random token; only its SHA-256 is stored. A session
-- belongs to the operator (airline_id NULL) or to one airline, expires, and ends at logout.
CREATE TABLE console_sessions (
    token_hash   bytea       PRIMARY KEY,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    ended_at     timestamptz,
    principal    text        NOT NULL,
    airline_id   bigint      REFERENCES airlines (id),
    csrf_token   text        NOT NULL,
    CHECK (expires_at > created_at),
    CHECK ((principal = 'admin') = (airline_id IS NULL))
);

-- Every operator and airline action taken in the console or through the API that changes
-- something people answer for: who, when, what, on what, and the request id to find it in logs.
CREATE TABLE audit_log (
    id          bigserial   PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor       text        NOT NULL,
    action      text        NOT NULL,
    subject     text        NOT NULL,
    detail      text        NOT NULL,
    request_id  text        NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at DESC, id DESC);
