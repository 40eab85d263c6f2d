-- Payouts: the operator pays an airline what the ledger owes it. See docs/settlement.md, "Payouts".

-- 'payout': money paid to an airline (debit merchant, credit funding). V4 added 'correction' and
-- 'recovery', V6_1 'case_resolution'.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN
    ('payment', 'refund', 'top_up', 'opening_balance', 'write_off', 'correction', 'recovery', 'case_resolution',
     'payout'));

-- One row per payout, written in the transaction that posts its ledger entry. The reference
-- (PO-000123) is what the operator and the airline quote; bank_reference is the operator's own
-- reference of the bank transfer, if given. (requested_by, request_key) is the double-submit
-- guard: the API's Idempotency-Key or the console form's one-time token.
CREATE TABLE payouts (
    id               bigserial   PRIMARY KEY,
    reference        text        NOT NULL UNIQUE CHECK (reference ~ '^PO-[0-9]{6,}$'),
    airline_id       bigint      NOT NULL REFERENCES airlines (id),
    currency         char(3)     NOT NULL,
    amount_minor     bigint      NOT NULL CHECK (amount_minor >= 1),
    bank_reference   text        CHECK (length(bank_reference) BETWEEN 1 AND 64),
    created_at       timestamptz NOT NULL,
    requested_by     text        NOT NULL,
    request_key      text        NOT NULL CHECK (length(request_key) BETWEEN 1 AND 160),
    request_id       text        NOT NULL,
    ledger_entry_id  bigint      NOT NULL UNIQUE,
    UNIQUE (requested_by, request_key)
);
CREATE INDEX payouts_airline ON payouts (airline_id, id DESC);
