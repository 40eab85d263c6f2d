-- Issuer side of Aloft, part 1: accounts, airlines, flights, terminals, offline credentials,
-- trust bundle versions, bearer secrets and idempotency records.
-- Money is bigint minor units next to a char(3) ISO 4217 code; never numeric or float.
-- Settlement (a later migration) adds the ledger beside these tables.

CREATE TABLE accounts (
    id                     bigserial PRIMARY KEY,
    created_at             timestamptz NOT NULL,
    display_name           text        NOT NULL,
    identity_level         smallint    NOT NULL CHECK (identity_level BETWEEN 0 AND 3),
    status                 text        NOT NULL CHECK (status IN ('active', 'suspended', 'in_arrears')),
    currency               char(3)     NOT NULL,
    balance_minor          bigint      NOT NULL CHECK (balance_minor >= 0),
    -- Score set or imported by an operator; NULL means the computed score applies.
    score_override         smallint    CHECK (score_override BETWEEN 300 AND 850),
    score_source           text,
    score_set_at           timestamptz,
    -- Inputs to the default score that settlement maintains.
    settled_payment_count  integer     NOT NULL DEFAULT 0 CHECK (settled_payment_count >= 0),
    arrears_episode_count  integer     NOT NULL DEFAULT 0 CHECK (arrears_episode_count >= 0)
);

CREATE TABLE airlines (
    id          bigserial PRIMARY KEY,
    created_at  timestamptz NOT NULL,
    code        text        NOT NULL UNIQUE,
    name        text        NOT NULL,
    currency    char(3)     NOT NULL
);

CREATE TABLE flights (
    id                   bigserial PRIMARY KEY,
    created_at           timestamptz NOT NULL,
    airline_id           bigint      NOT NULL REFERENCES airlines (id),
    flight_number        text        NOT NULL,
    flight_date          date        NOT NULL,
    scheduled_departure  timestamptz NOT NULL,
    scheduled_arrival    timestamptz NOT NULL,
    CHECK (scheduled_arrival > scheduled_departure),
    UNIQUE (airline_id, flight_number, flight_date)
);

CREATE TABLE terminals (
    id            bigserial PRIMARY KEY,
    created_at    timestamptz NOT NULL,
    airline_id    bigint      NOT NULL REFERENCES airlines (id),
    public_key    bytea       NOT NULL UNIQUE,
    display_name  text        NOT NULL,
    certificate   bytea       NOT NULL,
    revoked_at    timestamptz
);

CREATE TABLE credentials (
    serial                   bytea       PRIMARY KEY,
    created_at               timestamptz NOT NULL,
    account_id               bigint      NOT NULL REFERENCES accounts (id),
    flight_id                bigint      NOT NULL REFERENCES flights (id),
    device_algorithm         text        NOT NULL,
    device_public_key        bytea       NOT NULL,
    currency                 char(3)     NOT NULL,
    per_payment_limit_minor  bigint      NOT NULL CHECK (per_payment_limit_minor > 0),
    total_limit_minor        bigint      NOT NULL CHECK (total_limit_minor >= per_payment_limit_minor),
    valid_from               timestamptz NOT NULL,
    valid_until              timestamptz NOT NULL,
    issuer_key_id            smallint    NOT NULL,
    score_at_issue           smallint    NOT NULL,
    encoded                  bytea       NOT NULL,
    revoked_at               timestamptz,
    -- Enrolling the same device twice for a flight returns the credential already issued.
    UNIQUE (flight_id, device_public_key)
);
CREATE INDEX credentials_account ON credentials (account_id);

-- Every change that alters some trust bundle appends a row; a flight's bundle version is the
-- highest row that concerns it (global rows have neither airline nor flight).
CREATE TABLE trust_events (
    version     bigserial   PRIMARY KEY,
    created_at  timestamptz NOT NULL,
    kind        text        NOT NULL,
    airline_id  bigint      REFERENCES airlines (id),
    flight_id   bigint      REFERENCES flights (id)
);
CREATE INDEX trust_events_airline ON trust_events (airline_id);
CREATE INDEX trust_events_flight ON trust_events (flight_id);

-- Signed bundles, kept so that one version always serves the same bytes (and ETag).
CREATE TABLE trust_bundles (
    flight_id   bigint      NOT NULL REFERENCES flights (id),
    version     bigint      NOT NULL,
    created_at  timestamptz NOT NULL,
    encoded     bytea       NOT NULL,
    PRIMARY KEY (flight_id, version)
);

-- Bearer secrets: only SHA-256 of a 256-bit random token is kept.
CREATE TABLE api_tokens (
    token_hash  bytea       PRIMARY KEY,
    created_at  timestamptz NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('wallet', 'merchant')),
    account_id  bigint      REFERENCES accounts (id),
    airline_id  bigint      REFERENCES airlines (id),
    revoked_at  timestamptz,
    CHECK ((kind = 'wallet') = (account_id IS NOT NULL)),
    CHECK ((kind = 'merchant') = (airline_id IS NOT NULL))
);

-- One row per (caller, Idempotency-Key). response_status is NULL while the first request runs.
CREATE TABLE idempotency_records (
    principal        text        NOT NULL,
    idempotency_key  text        NOT NULL,
    created_at       timestamptz NOT NULL,
    method           text        NOT NULL,
    path             text        NOT NULL,
    request_hash     bytea       NOT NULL,
    response_status  integer,
    response_type    text,
    response_body    bytea,
    PRIMARY KEY (principal, idempotency_key)
);

-- Small facts the server remembers about itself, e.g. the fingerprint of the published issuer
-- keys, so that a key rotation across a restart bumps every trust bundle.
CREATE TABLE server_state (
    name   text PRIMARY KEY,
    value  text NOT NULL
);
