-- WebSub: verified subscriptions, and the deliveries owed to them (durable, so a restart loses none).

CREATE TABLE subscriptions (
    id TEXT COLLATE "C" PRIMARY KEY,
    topic TEXT COLLATE "C" NOT NULL,       -- the feed URL, without any key
    section TEXT COLLATE "C" NOT NULL,
    format TEXT COLLATE "C" NOT NULL,      -- a key of the formats table (atom, ninjs@2.2, ...)
    partner TEXT COLLATE "C",              -- whose view the subscriber receives; NULL: the public's
    callback TEXT COLLATE "C" NOT NULL,
    secret TEXT,                           -- the subscriber's hub.secret, to sign what it receives
    expires BIGINT NOT NULL,               -- epoch seconds: end of the lease
    delivered_etag TEXT,                   -- the last document it received
    UNIQUE (topic, callback)
);

CREATE INDEX subscriptions_section ON subscriptions (section);

CREATE TABLE deliveries (
    subscription TEXT COLLATE "C" PRIMARY KEY REFERENCES subscriptions (id) ON DELETE CASCADE,
    due BIGINT NOT NULL,                   -- epoch seconds: next attempt
    attempts INTEGER NOT NULL,
    claimed_until BIGINT NOT NULL          -- an attempt in progress holds it until then
);

CREATE INDEX deliveries_due ON deliveries (due);
