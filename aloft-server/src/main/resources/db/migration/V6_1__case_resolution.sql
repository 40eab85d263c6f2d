-- An operator's resolution of a case (docs/settlement.md, "Resolving a case"): one per case, written
-- in the transaction that closes the case and posts its ledger entry.

-- 'case_resolution': money a resolution moves between a payer and the provider's guarantee account
-- (charge the payer for what the guarantee paid, or credit the payer from it). A write-off posts
-- 'write_off' as the account write-off does. V4 added 'recovery'.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN
    ('payment', 'refund', 'top_up', 'opening_balance', 'write_off', 'correction', 'recovery', 'case_resolution'));

CREATE TABLE case_resolutions (
    case_id             bigint      PRIMARY KEY REFERENCES cases (id),
    resolution          text        NOT NULL CHECK (resolution IN ('charge_payer', 'credit_payer', 'write_off', 'confirm')),
    note                text        NOT NULL CHECK (char_length(note) BETWEEN 1 AND 1000),
    resolved_by         text        NOT NULL,
    resolved_at         timestamptz NOT NULL,
    request_id          text        NOT NULL,
    -- The one-time token of the console form that resolved it: a second submit of that form finds it.
    form_token          text,
    -- What the payer was charged (charge_payer), credited (credit_payer) or had written off
    -- (write_off), in the account's currency; 0 for confirm.
    payer_minor         bigint      NOT NULL CHECK (payer_minor >= 0),
    payer_currency      char(3)     NOT NULL,
    -- The change of the 'guarantee' balance that no other table explains: minus what a charge gave
    -- back to it, plus what a credit took from it (a write-off is explained by written_off_minor).
    -- GET /v1/ledger/check counts it.
    guarantee_minor     bigint      NOT NULL,
    guarantee_currency  char(3)     NOT NULL,
    ledger_entry_id     bigint,
    CHECK ((resolution = 'confirm') = (payer_minor = 0)),
    CHECK (resolution IN ('charge_payer', 'credit_payer') OR guarantee_minor = 0)
);
