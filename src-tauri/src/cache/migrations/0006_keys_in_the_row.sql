-- Each order's lookup keys are also kept in its own row (`key_list`, a JSON
-- array of [key, kind]), so that replacing or removing an order deletes
-- exactly its keys by the keys' own primary key. The second index of the
-- keys by order, which did that job before, took as much room as the keys
-- themselves and one more B-tree insert per key, which bounded how fast a
-- large import could write. The keys and the full-text index are rebuilt
-- from the documents by this migration's hook, in Rust (the re-indexing that
-- schema 5's hook did, done once here for both steps).
ALTER TABLE orders ADD COLUMN key_list TEXT;

DROP TRIGGER orders_text_gone;
DROP TABLE order_text;
DROP TABLE lookup_keys;

CREATE TABLE lookup_keys (
    key  TEXT NOT NULL,
    rid  INTEGER NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (key, rid, kind)
) STRICT, WITHOUT ROWID;

CREATE VIRTUAL TABLE order_text USING fts5 (
    names, contacts, event, tags,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0',
    prefix = '2 3'
);

CREATE TRIGGER orders_index_gone AFTER DELETE ON orders BEGIN
    DELETE FROM lookup_keys
    WHERE key IN (SELECT value ->> 0 FROM json_each(old.key_list)) AND rid = old.rid;
    DELETE FROM order_text WHERE rowid = old.rid;
END;
