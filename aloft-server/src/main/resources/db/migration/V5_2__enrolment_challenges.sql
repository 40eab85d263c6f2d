-- Proof of possession at enrolment: the single-use challenges a wallet signs with the device key
-- it enrols (docs/api.md, "Enrolment"). A challenge is bound to one account and one flight, lives
-- a few minutes, and is used at most once, whether the proof it carried verified or not. Rows of
-- an account are swept when it asks for a new challenge, so the table stays small.
CREATE TABLE enrolment_challenges (
    challenge   bytea       PRIMARY KEY CHECK (length(challenge) = 32),
    account_id  bigint      NOT NULL REFERENCES accounts (id),
    flight_id   bigint      NOT NULL REFERENCES flights (id),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL CHECK (expires_at > created_at),
    used_at     timestamptz
);

CREATE INDEX enrolment_challenges_account ON enrolment_challenges (account_id, expires_at);
