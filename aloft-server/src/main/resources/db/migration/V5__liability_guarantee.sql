-- Settlement that does not depend on upload order (docs/settlement.md, "Liability").
--
-- A payment row is one acceptance: (credential, counter) at one terminal. Two contents under one
-- counter at two terminals (a cloned wallet) and one code accepted at two terminals (a replayed
-- screenshot) are each two rows, and each merchant is paid. funded_by says who pays the merchant
-- for the row: the payer (once per distinct authorization) or the provider's 'guarantee' account
-- (the further acceptances of one authorization).
ALTER TABLE refunds DROP CONSTRAINT refunds_serial_counter_fkey;
ALTER TABLE refunds DROP CONSTRAINT refunds_pkey;
ALTER TABLE payments DROP CONSTRAINT payments_pkey;
ALTER TABLE payments ADD PRIMARY KEY (serial, counter, terminal_id);
ALTER TABLE payments ADD COLUMN funded_by text NOT NULL DEFAULT 'payer' CHECK (funded_by IN ('payer', 'guarantee'));
ALTER TABLE refunds ADD PRIMARY KEY (serial, counter, terminal_id, refund_sequence);
ALTER TABLE refunds ADD FOREIGN KEY (serial, counter, terminal_id) REFERENCES payments (serial, counter, terminal_id);
-- The score reads settled payments per flight of an account.
CREATE INDEX payments_account_flight ON payments (account_id, flight_id);

-- Double spends an account was caught at (one per case): suspends offline payment and costs score.
ALTER TABLE accounts ADD COLUMN double_spend_count integer NOT NULL DEFAULT 0 CHECK (double_spend_count >= 0);

-- A case is opened once, by whichever upload shows it first; every later upload that shows more of
-- it adds its evidence here, byte for byte.
CREATE TABLE case_evidence (
    case_id             bigint      NOT NULL REFERENCES cases (id),
    evidence_digest     bytea       NOT NULL,
    added_at            timestamptz NOT NULL,
    counter             bigint      NOT NULL,
    terminal_id         bigint,
    authorization_bytes bytea,
    request_bytes       bytea,
    receipt_bytes       bytea,
    PRIMARY KEY (case_id, evidence_digest)
);
