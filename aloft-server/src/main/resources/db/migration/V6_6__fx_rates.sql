-- FX rate snapshots the operator sets, through the configuration file or PUT /v1/fx-rates. Each
-- is the whole table of rates and is current from effective_at until the next one. A flight's
-- trust bundle carries the snapshot current at its scheduled departure (before departure: the
-- current one), so a change after departure never moves a departed flight.
CREATE TABLE fx_snapshots (
    id            bigserial   PRIMARY KEY,
    effective_at  timestamptz NOT NULL,
    source        text        NOT NULL CHECK (source IN ('config', 'api'))
);
CREATE INDEX fx_snapshots_effective ON fx_snapshots (effective_at, id);

-- rate_nanos: units of to_currency (major) for one unit of from_currency (major), times 10^9,
-- as the protocol's FxRate carries it.
CREATE TABLE fx_rates (
    snapshot_id    bigint  NOT NULL REFERENCES fx_snapshots (id),
    from_currency  text    NOT NULL CHECK (from_currency ~ '^[A-Z]{3}$'),
    to_currency    text    NOT NULL CHECK (to_currency ~ '^[A-Z]{3}$' AND to_currency <> from_currency),
    rate_nanos     bigint  NOT NULL CHECK (rate_nanos > 0),
    PRIMARY KEY (snapshot_id, from_currency, to_currency)
);
