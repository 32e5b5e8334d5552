-- What a bulk batch came to, kept in the transaction that stored it (Store.put_once): when the process that stored
-- it dies before answering, the server that sends the batch again reads this instead of storing it twice. Kept for
-- five minutes.

CREATE TABLE receipts (
    token TEXT PRIMARY KEY,
    receipt TEXT NOT NULL,  -- JSON: for each story of the batch, what became of it
    created INTEGER NOT NULL  -- epoch seconds
) WITHOUT ROWID;

-- The receipts past their time are found without reading every receipt.
CREATE INDEX receipts_created ON receipts (created);
