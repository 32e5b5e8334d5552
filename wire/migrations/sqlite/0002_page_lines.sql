-- Lines met on scraped pages, by fingerprint (a digest, never the text): a line met on several distinct pages of a
-- source is that site's boilerplate. Each fingerprint keeps a few of its pages, enough to count past the threshold.

CREATE TABLE page_lines (
    source TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    page TEXT NOT NULL,
    PRIMARY KEY (source, fingerprint, page)
) WITHOUT ROWID;
