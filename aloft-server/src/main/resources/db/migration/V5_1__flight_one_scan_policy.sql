-- How each flight takes one-scan codes; it travels signed in the flight's trust bundle.
-- one_scan_window_seconds: how long a code is good after it was made (10 s .. 1 h).
ALTER TABLE flights
    ADD COLUMN one_scan_window_seconds integer NOT NULL DEFAULT 120
        CHECK (one_scan_window_seconds BETWEEN 10 AND 3600);

-- The largest one-scan payment for credentials in a currency; no row: no cap beyond the
-- credential's own limits.
CREATE TABLE flight_one_scan_limits (
    flight_id        bigint  NOT NULL REFERENCES flights (id),
    currency         text    NOT NULL,
    max_amount_minor bigint  NOT NULL CHECK (max_amount_minor > 0),
    PRIMARY KEY (flight_id, currency)
);
