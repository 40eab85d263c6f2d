-- An airline's catalogue: what its crews sell in the cabin, signed into its flights' trust bundles.
-- Replacing the catalogue adds a version; a flight's bundle carries the version in force at its
-- scheduled departure (the newest, for a flight that has not departed), so a departed flight keeps
-- the catalogue it flew with. Only io.aloft.server.catalogue names these tables.
CREATE TABLE catalogue_versions (
    id          bigserial   PRIMARY KEY,
    airline_id  bigint      NOT NULL REFERENCES airlines (id),
    created_at  timestamptz NOT NULL
);
CREATE INDEX catalogue_versions_airline ON catalogue_versions (airline_id, created_at);

-- The items of one version; the bounds are the protocol's (CatalogueItem), checked again here.
CREATE TABLE catalogue_items (
    version_id        bigint NOT NULL REFERENCES catalogue_versions (id),
    sku               text   NOT NULL CHECK (sku ~ '^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$'),
    category          text   NOT NULL CHECK (category IN ('duty_free', 'meals', 'drinks', 'souvenirs')),
    name_en           text   NOT NULL CHECK (octet_length(name_en) BETWEEN 1 AND 32),
    name_zh           text   NOT NULL CHECK (octet_length(name_zh) BETWEEN 1 AND 32),
    unit_price_minor  bigint NOT NULL CHECK (unit_price_minor BETWEEN 1 AND 1000000000),
    currency          text   NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    PRIMARY KEY (version_id, sku)
);
