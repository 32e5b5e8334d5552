-- Rate-limit token buckets shared by every instance (`[server] shared_rate_limits`), keyed by partner or client
-- address. UNLOGGED: a bucket costs no WAL, and a crash of the database only refills them.

CREATE UNLOGGED TABLE rate_buckets (
    key TEXT COLLATE "C" PRIMARY KEY,
    tokens DOUBLE PRECISION NOT NULL,
    updated DOUBLE PRECISION NOT NULL  -- seconds since the Unix epoch, with fractions
);
