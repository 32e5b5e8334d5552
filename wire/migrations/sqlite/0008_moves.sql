-- When a version moved an item's publication time (a correction of it): the time it moved from, and when. The
-- documents of a range of publication times (a current page, an archive day) lost the item then, and the items
-- left in them do not tell it: this dates them (Store.moved_out_at). Moves made before this table are not known.

CREATE TABLE moves (
    item_id TEXT NOT NULL,
    published INTEGER NOT NULL,  -- epoch seconds: the publication time the item had before
    moved INTEGER NOT NULL  -- epoch seconds: when the version that moved it was stored
);

CREATE INDEX moves_published ON moves (published);
