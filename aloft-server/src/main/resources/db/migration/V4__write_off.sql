-- Operator write-off of old arrears to the provider's guarantee (loss) account, and recovery of
-- that debt from later top-ups. See docs/settlement.md, "Write-off".

-- What was written off and is still owed. The payer owes arrears_minor + written_off_minor in
-- all; the sum of written_off_minor per currency equals the 'guarantee' ledger balance, which
-- GET /v1/ledger/check proves.
ALTER TABLE accounts ADD COLUMN written_off_minor bigint NOT NULL DEFAULT 0 CHECK (written_off_minor >= 0);

-- 'recovery': written-off debt paid from a top-up (debit payer, credit guarantee). V3 added
-- 'correction'.
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN
    ('payment', 'refund', 'top_up', 'opening_balance', 'write_off', 'correction', 'recovery'));

-- The age of arrears is read from the shortfalls that made them. Partial, so that the ordinary
-- settled payment (no shortfall) costs settlement's hot insert nothing here.
CREATE INDEX payments_account_shortfall ON payments (account_id, settled_at) WHERE shortfall_minor > 0;
