-- Each lookup key's kind as a small number instead of a word (`KeyKind::code`
-- in src-tauri/src/cache/index.rs: 1 id, 2 order number, 3 code word,
-- 4 transaction, 5 process, 6 barcode, 7 ticket, 8 access id, 9 e-mail,
-- 10 phone). The word was about a fifth of every key's entry, and a large
-- import rewrites the keys' B-tree at every batch. The keys and the
-- full-text index are rebuilt from the documents by this migration's hook,
-- in Rust.
DROP TRIGGER orders_index_gone;
DROP TABLE order_text;
DROP TABLE lookup_keys;

CREATE TABLE lookup_keys (
    key  TEXT NOT NULL,
    rid  INTEGER NOT NULL,
    kind INTEGER NOT NULL,
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
