-- Rate-limit token buckets shared by every process on this file (`[server] shared_rate_limits`), keyed by partner or
-- client address.

CREATE TABLE rate_buckets (
    key TEXT PRIMARY KEY,
    tokens REAL NOT NULL,
    updated REAL NOT NULL  -- seconds since the Unix epoch, with fractions
) WITHOUT ROWID;
