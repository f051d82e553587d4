-- Site mode: the counters of one cinema share a PostgreSQL database (the
-- site). These tables are this counter's side of it: the link, what it
-- still has to send (its outbox), its copy of the site's print log, and what
-- it has pulled. A counter that never joins a site leaves them empty.

CREATE TABLE site_link (
    id                  INTEGER PRIMARY KEY CHECK (id = 1),
    host                TEXT NOT NULL,
    port                INTEGER NOT NULL,
    database            TEXT NOT NULL,
    role                TEXT NOT NULL,
    -- This counter's name at the site, recorded with everything it sends.
    counter             TEXT NOT NULL,
    site_id             TEXT NOT NULL,
    joined_at           TEXT NOT NULL,
    -- The site log's newest entry this counter has checked: the site's chain
    -- must still lead to it.
    log_seq             INTEGER NOT NULL DEFAULT 0,
    log_hash            TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',
    -- Change numbers pulled so far (never clock times).
    orders_change       INTEGER NOT NULL DEFAULT 0,
    operators_change    INTEGER NOT NULL DEFAULT 0,
    completions_change  INTEGER NOT NULL DEFAULT 0,
    acks_change         INTEGER NOT NULL DEFAULT 0,
    -- When the copy of the operators was last brought up to date.
    operators_synced_at TEXT,
    -- When the site stopped answering, while it does not.
    unreachable_since   TEXT
) STRICT;

-- What this counter still has to send, in the order it happened. A key is
-- the entry's identity at the site: sending it twice stores it once.
CREATE TABLE site_outbox (
    id         INTEGER PRIMARY KEY,
    key        TEXT NOT NULL UNIQUE,
    kind       TEXT NOT NULL CHECK (kind IN ('log', 'order', 'completion', 'operator')),
    payload    TEXT NOT NULL,
    created_at TEXT NOT NULL,
    sent_at    TEXT
) STRICT;
CREATE INDEX site_outbox_pending ON site_outbox (id) WHERE sent_at IS NULL;

-- The site key of each entry of this counter's own print log.
CREATE TABLE site_keys (
    local_seq INTEGER PRIMARY KEY,
    key       TEXT NOT NULL UNIQUE
) STRICT;

-- This counter's copy of the site's print log: every counter's entries, as
-- checked against the site's chain. What "printed anywhere" means while the
-- site cannot be reached.
CREATE TABLE site_log (
    seq                INTEGER PRIMARY KEY,
    entry_key          TEXT NOT NULL UNIQUE,
    counter            TEXT NOT NULL,
    local_seq          INTEGER,
    kind               TEXT NOT NULL,
    attempt_key        TEXT,
    platform           TEXT,
    order_id           TEXT,
    order_number       TEXT,
    ticket_id          TEXT,
    operator_name      TEXT,
    authorised_by_name TEXT,
    workstation        TEXT,
    target             TEXT,
    stock              TEXT,
    copy               INTEGER,
    reason             TEXT,
    reason_note        TEXT,
    outcome            TEXT,
    job_id             TEXT,
    detail             TEXT,
    at                 TEXT NOT NULL,
    offline            INTEGER NOT NULL,
    conflict           INTEGER NOT NULL,
    received_at        TEXT NOT NULL,
    prev_hash          TEXT NOT NULL,
    hash               TEXT NOT NULL
) STRICT;
CREATE INDEX site_log_copies ON site_log (order_id, ticket_id, platform) WHERE kind = 'attempt';
CREATE INDEX site_log_results ON site_log (attempt_key) WHERE kind = 'result';

CREATE TABLE site_acks (
    seq     INTEGER PRIMARY KEY,
    by_name TEXT NOT NULL,
    counter TEXT NOT NULL,
    at      TEXT NOT NULL
) STRICT;

-- Every completion of the cinema, as the site last said.
CREATE TABLE site_completions (
    request_id TEXT PRIMARY KEY,
    platform   TEXT NOT NULL,
    order_id   TEXT NOT NULL,
    counter    TEXT NOT NULL,
    journal_id INTEGER NOT NULL,
    state      TEXT NOT NULL,
    operator   TEXT,
    message    TEXT,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX site_completions_order ON site_completions (platform, order_id);

-- Operators are the site's: their copy here carries the site's id.
ALTER TABLE operators ADD COLUMN site_id TEXT;
CREATE UNIQUE INDEX operators_site_id ON operators (site_id) WHERE site_id IS NOT NULL;

-- Orders and completions written here while joined are sent to the site;
-- what is pulled from it is not sent back.
CREATE TABLE site_pulling (id INTEGER PRIMARY KEY CHECK (id = 1), active INTEGER NOT NULL) STRICT;
INSERT INTO site_pulling VALUES (1, 0);
CREATE TABLE site_dirty_orders (platform TEXT NOT NULL, id TEXT NOT NULL, PRIMARY KEY (platform, id)) STRICT, WITHOUT ROWID;
CREATE TABLE site_dirty_completions (id INTEGER PRIMARY KEY) STRICT;

CREATE TRIGGER site_order_added AFTER INSERT ON orders
WHEN EXISTS (SELECT 1 FROM site_link) AND (SELECT active FROM site_pulling WHERE id = 1) = 0
BEGIN
    INSERT OR IGNORE INTO site_dirty_orders VALUES (NEW.platform, NEW.id);
END;
CREATE TRIGGER site_order_changed AFTER UPDATE OF document ON orders
WHEN EXISTS (SELECT 1 FROM site_link) AND (SELECT active FROM site_pulling WHERE id = 1) = 0
BEGIN
    INSERT OR IGNORE INTO site_dirty_orders VALUES (NEW.platform, NEW.id);
END;
CREATE TRIGGER site_completion_added AFTER INSERT ON completions
WHEN EXISTS (SELECT 1 FROM site_link)
BEGIN
    INSERT OR IGNORE INTO site_dirty_completions VALUES (NEW.id);
END;
CREATE TRIGGER site_completion_changed AFTER UPDATE OF state, message ON completions
WHEN EXISTS (SELECT 1 FROM site_link)
BEGIN
    INSERT OR IGNORE INTO site_dirty_completions VALUES (NEW.id);
END;
