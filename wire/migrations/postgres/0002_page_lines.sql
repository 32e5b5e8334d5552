-- Lines met on scraped pages, by fingerprint (a digest, never the text): a line met on several distinct pages of a
-- source is that site's boilerplate. Each fingerprint keeps a few of its pages, enough to count past the threshold.

CREATE TABLE page_lines (
    source TEXT COLLATE "C" NOT NULL,
    fingerprint TEXT COLLATE "C" NOT NULL,
    page TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (source, fingerprint, page)
);
