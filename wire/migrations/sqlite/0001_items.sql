-- Items and their versions. Times are RFC 3339 UTC strings ('2017-12-19T18:09:00Z'), which sort as instants.

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
    created TEXT NOT NULL,
    digest TEXT NOT NULL,
    doc TEXT NOT NULL,
    withdrawn_reason TEXT,
    UNIQUE (item_id, version)
);

-- The current state of each item, and what feeds filter and sort on.
CREATE TABLE items (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    first_created TEXT NOT NULL,
    arrival INTEGER NOT NULL,
    published TEXT NOT NULL,
    embargo TEXT,
    credits TEXT NOT NULL,
    digest TEXT NOT NULL
);

CREATE TABLE item_sections (
    section TEXT NOT NULL,
    item_id TEXT NOT NULL,
    published TEXT NOT NULL,
    PRIMARY KEY (section, item_id)
);

CREATE INDEX item_sections_newest ON item_sections (section, published DESC, item_id DESC);
CREATE INDEX items_arrival ON items (arrival);
