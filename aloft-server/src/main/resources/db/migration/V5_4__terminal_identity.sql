-- Terminal identity, rotating and revoking secrets, endpoint-scoped idempotency, bounded bundles.

-- One-time registration codes live beside merchant keys and wallet tokens: an airline's, hashed,
-- expiring, and used at most once (used_at).
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_kind_check;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_kind_check CHECK (kind IN ('wallet', 'merchant', 'registration'));
ALTER TABLE api_tokens DROP CONSTRAINT api_tokens_check1;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_airline_check
    CHECK ((kind IN ('merchant', 'registration')) = (airline_id IS NOT NULL));
ALTER TABLE api_tokens ADD COLUMN expires_at timestamptz;
ALTER TABLE api_tokens ADD COLUMN used_at timestamptz;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_expiry_check CHECK ((kind = 'registration') = (expires_at IS NOT NULL));
CREATE INDEX api_tokens_airline ON api_tokens (airline_id) WHERE airline_id IS NOT NULL;
CREATE INDEX api_tokens_account ON api_tokens (account_id) WHERE account_id IS NOT NULL;

-- Nonces of terminals' signed requests, kept while a replay could still fall inside the clock skew.
CREATE TABLE request_nonces (
    terminal_id  bigint      NOT NULL REFERENCES terminals (id),
    nonce        text        NOT NULL,
    seen_at      timestamptz NOT NULL,
    PRIMARY KEY (terminal_id, nonce)
);
CREATE INDEX request_nonces_seen ON request_nonces (seen_at);

-- An Idempotency-Key belongs to its caller and endpoint: the same string sent by another caller,
-- or to another endpoint, is another key.
ALTER TABLE idempotency_records DROP CONSTRAINT idempotency_records_pkey;
ALTER TABLE idempotency_records ADD PRIMARY KEY (principal, method, path, idempotency_key);

-- Whether a stored bundle version went to a terminal-side caller (a terminal, its airline, the
-- operator). Only those can be what a terminal held, so only those can be needed by settlement.
ALTER TABLE trust_bundles ADD COLUMN served_to_terminals boolean NOT NULL DEFAULT true;
