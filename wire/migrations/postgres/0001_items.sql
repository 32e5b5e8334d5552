-- Items and their versions, as in the SQLite store. Instants are integer seconds since the Unix epoch (UTC), so that
-- visibility (published + delay, embargo) is the same integer arithmetic on both stores. Ids and sections compare
-- byte by byte (COLLATE "C"), as SQLite compares text, so that ties sort alike whatever the database's locale.

CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- The change log: one row per version of any item, in the order the store committed them.
CREATE TABLE versions (
    seq BIGINT PRIMARY KEY,
    item_id TEXT COLLATE "C" NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    created BIGINT NOT NULL,
    digest TEXT NOT NULL,
    doc TEXT NOT NULL,
    withdrawn_reason TEXT,
    UNIQUE (item_id, version)
);

-- The current state of each item: what feeds filter and sort on.
CREATE TABLE items (
    id TEXT COLLATE "C" PRIMARY KEY,
    seq BIGINT NOT NULL,
    version INTEGER NOT NULL,
    status TEXT NOT NULL,
    first_created BIGINT NOT NULL,
    version_created BIGINT NOT NULL,
    published BIGINT NOT NULL,
    embargo BIGINT,
    credits TEXT NOT NULL,  -- ' AFP Reuters ': agency codes between spaces, for exclusion with LIKE
    digest TEXT NOT NULL
);

-- Section membership, with the columns feed queries sort and filter on, so that they need no other index.
CREATE TABLE item_sections (
    section TEXT COLLATE "C" NOT NULL,
    item_id TEXT COLLATE "C" NOT NULL,
    published BIGINT NOT NULL,
    PRIMARY KEY (section, item_id)
);

CREATE INDEX item_sections_newest ON item_sections (section, published DESC, item_id DESC);
CREATE INDEX item_sections_item ON item_sections (item_id);
CREATE INDEX items_version_created ON items (version_created);
-- Few items are under embargo or withdrawn: small indexes find them without reading every item of a section.
CREATE INDEX items_embargoed ON items (embargo) WHERE embargo IS NOT NULL;
CREATE INDEX items_withdrawn ON items (version_created DESC, id DESC) WHERE status = 'canceled';
