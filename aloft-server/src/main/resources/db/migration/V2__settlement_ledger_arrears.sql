-- Settlement: payments and refunds settled exactly once, the double-entry ledger, cases,
-- terminal batch answers, arrears. See docs/settlement.md.
-- Money is bigint minor units next to a char(3) ISO 4217 code; never numeric or float.

-- What the account owes from offline payments its balance did not cover. Mirrors the
-- 'payer_arrears' ledger account; balance_minor mirrors the 'payer' ledger account.
ALTER TABLE accounts ADD COLUMN arrears_minor bigint NOT NULL DEFAULT 0 CHECK (arrears_minor >= 0);
ALTER TABLE accounts ADD COLUMN arrears_since timestamptz;

-- Chart of accounts. Sign convention of every balance and posting: debit positive, credit
-- negative. So a liability (a payer's funds, what a merchant is owed, fee income) is negative,
-- and an asset (the funding clearing account, an arrears receivable) is positive.
CREATE TABLE ledger_accounts (
    id             bigserial PRIMARY KEY,
    kind           text    NOT NULL CHECK (kind IN
                       ('payer', 'payer_arrears', 'merchant', 'fee_income', 'guarantee', 'fx_position', 'funding')),
    -- accounts.id for payer and payer_arrears, airlines.id for merchant, 0 for the provider's own.
    owner_id       bigint  NOT NULL,
    currency       char(3) NOT NULL,
    balance_minor  bigint  NOT NULL DEFAULT 0,
    UNIQUE (kind, owner_id, currency)
);

CREATE TABLE ledger_entries (
    id               bigserial   PRIMARY KEY,
    created_at       timestamptz NOT NULL,
    kind             text        NOT NULL CHECK (kind IN
                         ('payment', 'refund', 'top_up', 'opening_balance', 'write_off')),
    account_id       bigint,
    payment_serial   bytea,
    payment_counter  bigint,
    refund_sequence  bigint
);

-- No foreign keys or secondary indexes here on purpose: postings are the hottest insert of
-- settlement. GET /v1/ledger/check proves every posting's entry and account exist and balance.
CREATE TABLE ledger_postings (
    entry_id           bigint  NOT NULL,
    ledger_account_id  bigint  NOT NULL,
    currency           char(3) NOT NULL,
    amount_minor       bigint  NOT NULL CHECK (amount_minor <> 0)
);

-- One row per settled payment. The primary key is the exactly-once guarantee: a payment is
-- (credential serial, counter), whoever uploads it and however often.
CREATE TABLE payments (
    serial                bytea       NOT NULL,
    counter               bigint      NOT NULL CHECK (counter >= 1),
    content_digest        bytea       NOT NULL,
    kind                  text        NOT NULL,
    account_id            bigint      NOT NULL,
    flight_id             bigint      NOT NULL,
    airline_id            bigint      NOT NULL,
    terminal_id           bigint      NOT NULL,
    bundle_version        bigint      NOT NULL,
    accepted_at           timestamptz NOT NULL,
    settled_at            timestamptz NOT NULL,
    source                text        NOT NULL CHECK (source IN ('terminal', 'wallet')),
    -- What the merchant charged, in the payment currency.
    charged_minor         bigint      NOT NULL CHECK (charged_minor >= 1),
    charged_currency      char(3)     NOT NULL,
    -- The charge in the credential's currency (what the payer pays), at the bundle's FX snapshot.
    payer_charged_minor   bigint      NOT NULL CHECK (payer_charged_minor >= 0),
    payer_currency        char(3)     NOT NULL,
    -- The signed amount in the credential's currency and the signed cumulative: the history
    -- the cumulative rules run on.
    signed_charge_minor   bigint      NOT NULL CHECK (signed_charge_minor >= 1),
    cumulative_minor      bigint      NOT NULL,
    fee_minor             bigint      NOT NULL CHECK (fee_minor >= 0),
    -- Of the payer's charge, what their balance did not cover (became arrears).
    shortfall_minor       bigint      NOT NULL CHECK (shortfall_minor >= 0),
    refunded_minor        bigint      NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
    payer_refunded_minor  bigint      NOT NULL DEFAULT 0 CHECK (payer_refunded_minor >= 0),
    authorization_bytes   bytea       NOT NULL,
    request_bytes         bytea,
    receipt_bytes         bytea       NOT NULL,
    ledger_entry_id       bigint      NOT NULL,
    PRIMARY KEY (serial, counter),
    CHECK (refunded_minor <= charged_minor),
    CHECK (payer_refunded_minor <= payer_charged_minor)
);
CREATE INDEX payments_flight ON payments (flight_id);

CREATE TABLE refunds (
    serial            bytea       NOT NULL,
    counter           bigint      NOT NULL,
    refund_sequence   bigint      NOT NULL CHECK (refund_sequence >= 1),
    note_digest       bytea       NOT NULL,
    flight_id         bigint      NOT NULL,
    airline_id        bigint      NOT NULL,
    terminal_id       bigint      NOT NULL,
    amount_minor      bigint      NOT NULL CHECK (amount_minor >= 1),
    currency          char(3)     NOT NULL,
    payer_amount_minor bigint     NOT NULL CHECK (payer_amount_minor >= 0),
    issued_at         timestamptz NOT NULL,
    settled_at        timestamptz NOT NULL,
    source            text        NOT NULL CHECK (source IN ('terminal', 'wallet')),
    note_bytes        bytea       NOT NULL,
    ledger_entry_id   bigint      NOT NULL,
    PRIMARY KEY (serial, counter, refund_sequence),
    FOREIGN KEY (serial, counter) REFERENCES payments (serial, counter)
);
CREATE INDEX refunds_flight ON refunds (flight_id);

-- A payment the rules refused: kept so a wallet asking later learns why. One row per payment id;
-- a later settlement of the same id (another terminal's valid upload) wins in every answer.
CREATE TABLE rejections (
    serial       bytea       NOT NULL,
    counter      bigint      NOT NULL,
    reason       text        NOT NULL,
    detail       text        NOT NULL,
    terminal_id  bigint,
    rejected_at  timestamptz NOT NULL,
    PRIMARY KEY (serial, counter)
);

-- Work for an operator: double spends, replays of one code at two terminals, cumulative spend
-- inconsistent across terminals, totals over the limit, conflicting refund notes.
CREATE TABLE cases (
    id                bigserial   PRIMARY KEY,
    created_at        timestamptz NOT NULL,
    kind              text        NOT NULL CHECK (kind IN
                          ('double_spend', 'replay', 'cumulative_inconsistent', 'over_total_limit', 'refund_conflict')),
    status            text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    serial            bytea       NOT NULL,
    counter           bigint      NOT NULL,
    refund_sequence   bigint      NOT NULL DEFAULT 0,
    flight_id         bigint      NOT NULL,
    account_id        bigint      NOT NULL,
    -- The merchant and terminal whose upload raised the case.
    airline_id        bigint,
    terminal_id       bigint,
    detail            text        NOT NULL,
    -- Evidence: the upload that raised the case, byte for byte, and what had settled before.
    evidence_digest   bytea       NOT NULL,
    authorization_bytes bytea,
    request_bytes     bytea,
    receipt_bytes     bytea,
    note_bytes        bytea,
    settled_digest    bytea,
    UNIQUE (kind, serial, counter, refund_sequence, evidence_digest)
);
CREATE INDEX cases_airline ON cases (airline_id);

-- The answer to each terminal batch, so that a resend gets the same outcomes byte for byte.
CREATE TABLE terminal_batches (
    terminal_id   bigint      NOT NULL,
    batch_id      bigint      NOT NULL,
    batch_digest  bytea       NOT NULL,
    received_at   timestamptz NOT NULL,
    report        bytea       NOT NULL,
    PRIMARY KEY (terminal_id, batch_id)
);

-- Balances and arrears that part 1 created before the ledger existed become opening entries.
INSERT INTO ledger_accounts (kind, owner_id, currency)
    SELECT 'payer', id, currency FROM accounts;
INSERT INTO ledger_accounts (kind, owner_id, currency)
    SELECT DISTINCT 'funding', 0, currency FROM accounts WHERE balance_minor > 0;
INSERT INTO ledger_entries (created_at, kind, account_id)
    SELECT now(), 'opening_balance', id FROM accounts WHERE balance_minor > 0;
INSERT INTO ledger_postings (entry_id, ledger_account_id, currency, amount_minor)
    SELECT e.id, l.id, a.currency, -a.balance_minor
      FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
      JOIN ledger_accounts l ON l.kind = 'payer' AND l.owner_id = a.id
    UNION ALL
    SELECT e.id, l.id, a.currency, a.balance_minor
      FROM ledger_entries e JOIN accounts a ON a.id = e.account_id
      JOIN ledger_accounts l ON l.kind = 'funding' AND l.owner_id = 0 AND l.currency = a.currency;
UPDATE ledger_accounts l SET balance_minor = p.total
    FROM (SELECT ledger_account_id, sum(amount_minor) AS total FROM ledger_postings GROUP BY 1) p
    WHERE p.ledger_account_id = l.id;
