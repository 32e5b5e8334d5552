-- The moves of publication times made before the moves table (0008) kept them, found in the versions: a version
-- whose publication time (as Item.published reads it from its stored story) differs from the one before moved the
-- item from that one's, when it was stored. Without them, a document such a move emptied would be dated by the
-- items left in it, and a reader that fetched it before the move would be told 304 for ever.

INSERT INTO moves (item_id, published, moved)
WITH times AS (
    SELECT v.item_id, v.version, v.created, COALESCE(
        unixepoch(json_extract(v.doc, '$.published')),
        CASE WHEN unixepoch(json_extract(v.doc, '$.embargo')) > i.first_created
            THEN unixepoch(json_extract(v.doc, '$.embargo')) ELSE i.first_created END
    ) AS published
    FROM items i CROSS JOIN versions v ON v.item_id = i.id
    WHERE i.version > 1
)
SELECT w.item_id, p.published, w.created
FROM times w JOIN times p ON p.item_id = w.item_id AND p.version = w.version - 1
WHERE w.published <> p.published
    AND NOT EXISTS (
        SELECT 1 FROM moves m WHERE m.item_id = w.item_id AND m.published = p.published AND m.moved = w.created
    );
