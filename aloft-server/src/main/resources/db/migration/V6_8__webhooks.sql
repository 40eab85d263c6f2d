-- Webhooks: see docs/webhooks.md. Endpoints that airlines and the operator register, an outbox of
-- events written in the transaction of the change each one reports, one delivery per event and
-- endpoint that wants it, and every attempt of a delivery.

-- airline_id NULL is an endpoint of the operator, which receives every airline's events and the
-- operator's own. The signing secret is kept as given out: the server needs it to sign.
CREATE TABLE webhook_endpoints (
    id              bigserial   PRIMARY KEY,
    airline_id      bigint      REFERENCES airlines (id),
    url             text        NOT NULL CHECK (length(url) BETWEEN 1 AND 2048),
    event_types     text[]      NOT NULL CHECK (cardinality(event_types) BETWEEN 1 AND 16),
    description     text        CHECK (length(description) BETWEEN 1 AND 200),
    signing_secret  text        NOT NULL,
    created_at      timestamptz NOT NULL,
    created_by      text        NOT NULL,
    disabled_at     timestamptz
);
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (airline_id, id);

-- The outbox. airline_id NULL: an event only the operator's endpoints receive. body is the exact
-- JSON every delivery sends and signs.
CREATE TABLE webhook_events (
    id          bigserial   PRIMARY KEY,
    type        text        NOT NULL,
    airline_id  bigint,
    created_at  timestamptz NOT NULL,
    body        bytea       NOT NULL
);
CREATE INDEX webhook_events_airline ON webhook_events (airline_id, id);

-- A pending delivery is due at next_attempt_at; a worker that claims it moves next_attempt_at past
-- the attempt's deadline (its lease) and counts the attempt, so a worker that dies mid-attempt
-- leaves it to be claimed again.
CREATE TABLE webhook_deliveries (
    id               bigserial   PRIMARY KEY,
    event_id         bigint      NOT NULL REFERENCES webhook_events (id),
    endpoint_id      bigint      NOT NULL REFERENCES webhook_endpoints (id),
    status           text        NOT NULL CHECK (status IN ('pending', 'delivered', 'failed', 'cancelled')),
    attempts         integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at  timestamptz NOT NULL,
    last_attempt_at  timestamptz,
    delivered_at     timestamptz,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, id);

-- The delivery log: status_code when the receiver answered, error when it did not.
CREATE TABLE webhook_attempts (
    id            bigserial   PRIMARY KEY,
    delivery_id   bigint      NOT NULL REFERENCES webhook_deliveries (id),
    attempted_at  timestamptz NOT NULL,
    status_code   integer,
    error         text        CHECK (length(error) <= 300),
    duration_ms   bigint      NOT NULL CHECK (duration_ms >= 0)
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, id);
