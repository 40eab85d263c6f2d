-- Console users that the operator creates for an airline, the sessions they open, and the last
-- trust bundle each terminal fetched.

-- A console user acts as its airline. The password is kept only as an Argon2id hash in the PHC
-- string format ($argon2id$v=19$m=…,t=…,p=…$salt$hash), which names its own parameters. The form
-- token of the creating form is kept (hashed) so that a form submitted twice creates one user.
CREATE TABLE console_users (
    id               bigserial   PRIMARY KEY,
    created_at       timestamptz NOT NULL,
    airline_id       bigint      NOT NULL REFERENCES airlines (id),
    username         text        NOT NULL UNIQUE,
    password_hash    text        NOT NULL,
    created_by       text        NOT NULL,
    form_token_hash  bytea       NOT NULL UNIQUE,
    disabled_at      timestamptz,
    CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,31}$')
);
CREATE INDEX console_users_airline ON console_users (airline_id);

-- A session opened by a console user names it, so that disabling the user ends its sessions.
ALTER TABLE console_sessions ADD COLUMN console_user_id bigint REFERENCES console_users (id);
ALTER TABLE console_sessions ADD CONSTRAINT console_sessions_user_check
    CHECK (console_user_id IS NULL OR airline_id IS NOT NULL);
CREATE INDEX console_sessions_user ON console_sessions (console_user_id) WHERE console_user_id IS NOT NULL;

-- The last bundle each terminal fetched (or confirmed it holds, with If-None-Match): one row per
-- terminal, overwritten on each fetch.
CREATE TABLE terminal_bundle_fetches (
    terminal_id  bigint      PRIMARY KEY REFERENCES terminals (id),
    flight_id    bigint      NOT NULL REFERENCES flights (id),
    version      bigint      NOT NULL,
    fetched_at   timestamptz NOT NULL
);

-- Browsing entries newest first reads their postings by entry id. Postings are appended in
-- entry-id order, so a BRIN index finds them at almost no cost to settlement's inserts.
CREATE INDEX ledger_postings_entry_brin ON ledger_postings USING brin (entry_id);
