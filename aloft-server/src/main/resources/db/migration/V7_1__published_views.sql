-- Views a package publishes so that another package can read its rows inside a query of its own:
-- the ledger check, which compares postings with the rows that explain them in one snapshot; an
-- account's score and an allowance, read in one statement on the payments' indexes; settlement's
-- upload path, which locks credentials in the statement that reads them; merchant reports, which
-- join settled rows with credentials and flights. Each view names only the
-- tables of the package it belongs to (in the comment above it; TableOwnershipTest checks both),
-- and its columns are that package's promise: it may change its tables as long as the view keeps
-- its meaning. Every view is a plain select, so PostgreSQL plans through it to the tables.

-- account: each account's funds, arrears and written-off debt, in the account's currency.
CREATE VIEW account_funds AS
    SELECT id AS account_id, currency, balance_minor, arrears_minor, written_off_minor FROM accounts;

-- airline: each flight, with its airline, date and schedule.
CREATE VIEW scheduled_flights AS
    SELECT id AS flight_id, airline_id, flight_date, scheduled_departure, scheduled_arrival FROM flights;

-- airline: what lists call a flight: airline code and flight number ("9C8881"), and its date.
CREATE VIEW flight_labels AS
    SELECT f.id AS flight_id, a.code || f.flight_number AS flight_code, f.flight_date
    FROM flights f JOIN airlines a ON a.id = f.airline_id;

-- enrolment: each credential issued: to which account, for which flight, its limits, validity and
-- revocation, and the credential as issued (the encoding the issuer signed).
CREATE VIEW issued_credentials AS
    SELECT serial, account_id, flight_id, currency, per_payment_limit_minor, total_limit_minor,
        created_at AS issued_at, valid_from, valid_until, revoked_at, encoded
    FROM credentials;

-- settlement: each settled payment: its id, who took it where, when it was accepted and settled and
-- from which upload; what the merchant charged and the fee, what the payer was charged (in the
-- account's currency) and what their balance did not cover, what was refunded; who funded it (the
-- payer, or the provider's guarantee); the signed charge (what it takes from its credential's
-- allowance); the payment request it settled, when the payment carried one; and whether settlement
-- opened a case about the account on that flight. Evidence bytes stay with settlement.
CREATE VIEW settled_payments AS
    SELECT p.serial, p.counter, p.terminal_id, p.kind, p.account_id, p.flight_id, p.airline_id, p.source,
        p.accepted_at, p.settled_at, p.funded_by, p.charged_minor, p.charged_currency, p.fee_minor,
        p.payer_charged_minor, p.payer_currency, p.shortfall_minor, p.refunded_minor, p.payer_refunded_minor,
        p.signed_charge_minor, p.request_bytes,
        EXISTS (SELECT 1 FROM cases k WHERE k.account_id = p.account_id AND k.flight_id = p.flight_id)
            AS case_on_flight
    FROM payments p;

-- settlement: each settled refund: of which payment, on which flight and airline, how much in the
-- payment's currency and in the payer's, when it was issued and settled, from which upload.
CREATE VIEW settled_refunds AS
    SELECT serial, counter, terminal_id, refund_sequence, flight_id, airline_id, amount_minor, currency,
        payer_amount_minor, issued_at, settled_at, source
    FROM refunds;

-- settlement: each refused payment that never settled (a later settlement of the same payment wins
-- in every answer): why, who uploaded it and when it was refused.
CREATE VIEW unsettled_rejections AS
    SELECT r.serial, r.counter, r.terminal_id, r.reason, r.detail, r.rejected_at
    FROM rejections r
    WHERE NOT EXISTS (SELECT 1 FROM payments p WHERE p.serial = r.serial AND p.counter = r.counter);

-- settlement: what its rows say its payment, correction and refund entries posted, per side
-- ('payer' for a payer's funds and arrears together: the rows do not say how a refund split
-- between them; 'merchant'; 'fee_income'), owner, kind of item and currency. Settlement posts one
-- entry per upload, not per payment, so this is what the ledger check reconciles the postings with.
CREATE VIEW settled_ledger_totals AS
    SELECT 'payer'::text AS side, account_id AS owner_id, 'payment'::text AS what, payer_currency AS currency,
        sum(payer_charged_minor) AS total_minor
    FROM payments WHERE funded_by = 'payer' GROUP BY account_id, payer_currency
    UNION ALL SELECT 'merchant', airline_id, 'payment', charged_currency, -sum(charged_minor - fee_minor)
    FROM payments GROUP BY airline_id, charged_currency
    UNION ALL SELECT 'fee_income', 0, 'payment', charged_currency, -sum(fee_minor)
    FROM payments GROUP BY charged_currency
    UNION ALL SELECT 'payer', m.account_id, 'refund', m.payer_currency, -sum(r.payer_amount_minor)
    FROM refunds r JOIN payments m USING (serial, counter, terminal_id) GROUP BY m.account_id, m.payer_currency
    UNION ALL SELECT 'merchant', m.airline_id, 'refund', m.charged_currency, sum(r.amount_minor)
    FROM refunds r JOIN payments m USING (serial, counter, terminal_id) GROUP BY m.airline_id, m.charged_currency;

-- settlement: what moved the provider's guarantee account by settlement's rows: the charges of the
-- acceptances it funds, less their refunds, plus what case resolutions moved in or out of it.
CREATE VIEW settled_guarantee_movements AS
    SELECT charged_currency AS currency, charged_minor AS amount_minor FROM payments WHERE funded_by = 'guarantee'
    UNION ALL SELECT r.currency, -r.amount_minor
    FROM refunds r JOIN payments m ON m.serial = r.serial AND m.counter = r.counter AND m.terminal_id = r.terminal_id
    WHERE m.funded_by = 'guarantee'
    UNION ALL SELECT guarantee_currency, guarantee_minor FROM case_resolutions WHERE guarantee_minor <> 0;

-- settlement: the ledger entry each settled payment and refund names, and the kind that entry has.
CREATE VIEW settled_ledger_links AS
    SELECT ledger_entry_id, 'payment'::text AS entry_kind FROM payments
    UNION ALL SELECT ledger_entry_id, 'refund' FROM refunds;

-- payout: each payout made: to which airline, how much in which currency, and its ledger entry.
CREATE VIEW payouts_made AS
    SELECT airline_id, currency, amount_minor, ledger_entry_id FROM payouts;
