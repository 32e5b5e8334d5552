-- Items and their versions. Instants are integer seconds since the Unix epoch (UTC), so that visibility
-- (published + delay, embargo) is arithmetic in SQL.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The change log: one row per version of any item, in the order the store accepted them.
CREATE TABLE versions (
    seq INTEGER PRIMARY KEY,
    item_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    created INTEGER NOT NULL,
    digest TEXT NOT NULL,
    doc TEXT NOT NULL,
    withdrawn_reason TEXT,
    UNIQUE (item_id, version)
);

-- The current state of each item: what feeds filter and sort on.
CREATE TABLE items (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    first_created INTEGER NOT NULL,
    version_created INTEGER NOT NULL,
    published INTEGER NOT NULL,
    embargo INTEGER,
    credits TEXT NOT NULL,  -- ' AFP Reuters ': agency codes between spaces, for exclusion with LIKE
    digest TEXT NOT NULL
);

-- Section membership, with the columns feed queries sort and filter on, so that they need no other index.
CREATE TABLE item_sections (
    section TEXT NOT NULL,
    item_id TEXT NOT NULL,
    published INTEGER NOT NULL,
    PRIMARY KEY (section, item_id)
);

CREATE INDEX item_sections_newest ON item_sections (section, published DESC, item_id DESC);
CREATE INDEX item_sections_item ON item_sections (item_id);
CREATE INDEX items_version_created ON items (version_created);
