-- One terminal may sign two receipts with different charges for one cap payment. Settlement
-- charges the lower (a 'correction' entry when the higher settled first) and opens a
-- 'receipt_conflict' case. See docs/settlement.md, "Two receipts for one payment".
ALTER TABLE ledger_entries DROP CONSTRAINT ledger_entries_kind_check;
ALTER TABLE ledger_entries ADD CONSTRAINT ledger_entries_kind_check CHECK (kind IN
    ('payment', 'refund', 'top_up', 'opening_balance', 'write_off', 'correction'));

ALTER TABLE cases DROP CONSTRAINT cases_kind_check;
ALTER TABLE cases ADD CONSTRAINT cases_kind_check CHECK (kind IN
    ('double_spend', 'replay', 'cumulative_inconsistent', 'over_total_limit', 'refund_conflict', 'receipt_conflict'));
