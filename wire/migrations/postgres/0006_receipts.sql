-- What a bulk batch came to, kept in the transaction that stored it (Store.put_once): when the process that stored
-- it dies before answering, the server that sends the batch again reads this instead of storing it twice. Kept for
-- five minutes.

CREATE TABLE receipts (
    token TEXT COLLATE "C" PRIMARY KEY,
    receipt TEXT NOT NULL,  -- JSON: for each story of the batch, what became of it
    created BIGINT NOT NULL  -- epoch seconds
);

-- The receipts past their time are found without reading every receipt.
CREATE INDEX receipts_created ON receipts (created);
