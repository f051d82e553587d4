-- Orders the counter knows: fetched, imported, completed, or seeded for training.
-- The whole order is kept as its JSON document; the columns beside it are the
-- ones lists and searches need without parsing every document.
CREATE TABLE orders (
    platform      TEXT NOT NULL,
    id            TEXT NOT NULL,
    profile       TEXT,
    status        TEXT NOT NULL,
    event_name    TEXT,
    session_start TEXT,
    customer_name TEXT,
    document      TEXT NOT NULL,
    fetched_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    PRIMARY KEY (platform, id)
) STRICT;

CREATE INDEX orders_session_start ON orders (session_start);

-- Every value a cashier may type or scan to find an order: order number,
-- code word, transaction number, ticket and order barcodes, the id itself.
-- Keys are stored normalised (upper case, no spaces or dashes).
CREATE TABLE order_keys (
    key      TEXT NOT NULL,
    kind     TEXT NOT NULL,
    platform TEXT NOT NULL,
    order_id TEXT NOT NULL,
    PRIMARY KEY (key, kind, platform, order_id),
    FOREIGN KEY (platform, order_id) REFERENCES orders (platform, id) ON DELETE CASCADE
) STRICT;

CREATE INDEX order_keys_order ON order_keys (platform, order_id);
