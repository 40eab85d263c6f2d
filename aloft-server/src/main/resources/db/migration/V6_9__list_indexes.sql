-- Indexes for the API's lists of one airline's flights, terminals and cases. Each list reads its
-- pages newest first with "airline_id = ? AND id < ? ORDER BY id DESC LIMIT ?" (docs/api.md,
-- "Lists"): an index on (airline_id, id) finds a page's first row and reads the page in order,
-- however deep into the list it is. Payouts have theirs (payouts_airline); the lists of all cases
-- and of ledger entries seek on the primary key.
CREATE INDEX flights_airline_id ON flights (airline_id, id);
CREATE INDEX terminals_airline_id ON terminals (airline_id, id);

-- (airline_id, id) serves every query cases_airline served.
DROP INDEX cases_airline;
CREATE INDEX cases_airline_id ON cases (airline_id, id);
