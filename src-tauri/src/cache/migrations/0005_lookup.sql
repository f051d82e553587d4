-- Offline lookup: orders get a stable integer id (`rid`) that the lookup
-- keys and the full-text index point at, the columns a result line shows
-- without opening the document, the session's day in the venue's calendar
-- (the date filter), and `cached_at` (when this copy was stored). Documents
-- written from now on are zstd-compressed BLOBs; older rows keep their JSON
-- text (the column is ANY). The keys and the index of the rows copied here
-- are rebuilt by this migration's hook, in Rust.
DROP TABLE order_keys;

CREATE TABLE orders_v5 (
    rid           INTEGER PRIMARY KEY AUTOINCREMENT,
    platform      TEXT NOT NULL,
    id            TEXT NOT NULL,
    profile       TEXT,
    status        TEXT NOT NULL,
    number        TEXT NOT NULL,
    event_name    TEXT,
    event_key     TEXT,
    session_start TEXT,
    session_end   TEXT,
    session_day   TEXT,
    time_zone     TEXT,
    all_day       INTEGER NOT NULL DEFAULT 0,
    customer_name TEXT,
    ticket_count  INTEGER NOT NULL DEFAULT 0,
    document      ANY NOT NULL,
    fetched_at    TEXT NOT NULL,
    cached_at     TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    UNIQUE (platform, id)
) STRICT;

INSERT INTO orders_v5 (platform, id, profile, status, number, event_name, session_start,
                       customer_name, document, fetched_at, cached_at, updated_at)
SELECT platform, id, profile, status, id, event_name, session_start, customer_name, document,
       fetched_at, updated_at, updated_at
FROM orders;

DROP TABLE orders;
ALTER TABLE orders_v5 RENAME TO orders;

CREATE INDEX orders_day ON orders (session_day, session_start);
CREATE INDEX orders_profile ON orders (profile);
CREATE INDEX orders_retention ON orders (coalesce(session_end, session_start, cached_at));

-- Every value a cashier may type or scan, normalised (no case, accents,
-- spaces or dashes); phones as their digits reversed, so "ends with" is a
-- prefix search.
CREATE TABLE lookup_keys (
    key  TEXT NOT NULL,
    rid  INTEGER NOT NULL REFERENCES orders (rid) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    PRIMARY KEY (key, rid, kind)
) STRICT, WITHOUT ROWID;

CREATE INDEX lookup_keys_rid ON lookup_keys (rid);

-- Names, e-mail and event, folded (no case, no accents, ё as е), and a tag
-- per session day; contentless (the text lives in the document), with
-- prefix indexes for search-as-you-type.
CREATE VIRTUAL TABLE order_text USING fts5 (
    names, contacts, event, tags,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);

CREATE TRIGGER orders_text_gone AFTER DELETE ON orders BEGIN
    DELETE FROM order_text WHERE rowid = old.rid;
END;
