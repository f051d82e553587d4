-- Controls that hold.
--
-- Which till a database belongs to: the real one, or training's, which has a
-- database of its own in a folder of its own. The first till to open a new
-- database claims it; the other kind refuses to open it.
CREATE TABLE till (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    kind       TEXT NOT NULL CHECK (kind IN ('real', 'training')),
    claimed_at TEXT NOT NULL
) STRICT;

-- The completion journal keeps what the platform answered, as received, in
-- the same commit that records the outcome: the tickets can always be
-- rebuilt from it, whatever happens to the cached order afterwards.
ALTER TABLE completions ADD COLUMN answer TEXT;
-- 1 once the answer's tickets are in the cached order; 0 while they are
-- only in `answer` (a cache write failed after the sale).
ALTER TABLE completions ADD COLUMN applied INTEGER NOT NULL DEFAULT 1;
-- When the latest request that may change state left (the first one is
-- `sent_at`), and when the latest one whose outcome was in doubt left: a
-- second POST waits a grace counted from that one.
ALTER TABLE completions ADD COLUMN last_post_at TEXT;
ALTER TABLE completions ADD COLUMN doubt_at TEXT;
-- Paciolan's UNHANDLED_EXCEPTION retries so far ("Retry Count: 3" per
-- Request-ID), kept across restarts.
ALTER TABLE completions ADD COLUMN retries INTEGER NOT NULL DEFAULT 0;

-- The print log also records the till's controls (`control` entries: a
-- training switch, a completion set aside or sent again, a connection
-- removed, orders purged or replaced), in the same hash chain; a print's
-- result may be `printed-uncertain` (the job ended after pages may have come
-- out). SQLite cannot change a CHECK, so the table is rebuilt with its rows,
-- numbers and hashes as they were.
CREATE TABLE print_log_v9 (
    seq                INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('attempt', 'result', 'control')),
    attempt_seq        INTEGER REFERENCES print_log_v9 (seq),
    platform           TEXT,
    order_id           TEXT,
    order_number       TEXT,
    ticket_id          TEXT,
    operator_id        INTEGER REFERENCES operators (id),
    operator_name      TEXT,
    authorised_by_id   INTEGER REFERENCES operators (id),
    authorised_by_name TEXT,
    workstation        TEXT,
    target             TEXT,
    stock              TEXT,
    reprint            INTEGER,
    reason             TEXT,
    reason_note        TEXT,
    -- result: how the print ended; control: what was done
    outcome            TEXT,
    job_id             TEXT,
    detail             TEXT,
    at                 TEXT NOT NULL,
    prev_hash          TEXT NOT NULL,
    hash               TEXT NOT NULL,
    CHECK (kind <> 'attempt' OR (platform IS NOT NULL AND order_id IS NOT NULL
        AND order_number IS NOT NULL AND operator_id IS NOT NULL
        AND operator_name IS NOT NULL AND workstation IS NOT NULL
        AND target IS NOT NULL AND stock IS NOT NULL AND reprint >= 0
        AND (reprint = 0 OR reason IS NOT NULL))),
    CHECK (kind <> 'result' OR (attempt_seq IS NOT NULL AND outcome IN
        ('printed', 'accepted-not-confirmed', 'printed-uncertain', 'saved-as-pdf', 'failed'))),
    CHECK (kind <> 'control' OR (outcome IS NOT NULL AND operator_name IS NOT NULL
        AND workstation IS NOT NULL))
) STRICT;

INSERT INTO print_log_v9 SELECT * FROM print_log ORDER BY seq;
DROP TABLE print_log;
ALTER TABLE print_log_v9 RENAME TO print_log;

CREATE TRIGGER print_log_chain BEFORE INSERT ON print_log
WHEN NEW.seq IS NOT coalesce((SELECT max(seq) FROM print_log), 0) + 1
  OR NEW.prev_hash IS NOT coalesce(
        (SELECT hash FROM print_log ORDER BY seq DESC LIMIT 1),
        '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
    SELECT RAISE(ABORT, 'a print log entry must follow the newest one');
END;

CREATE TRIGGER print_log_no_update BEFORE UPDATE ON print_log
BEGIN
    SELECT RAISE(ABORT, 'the print log is append-only');
END;

CREATE TRIGGER print_log_no_delete BEFORE DELETE ON print_log
BEGIN
    SELECT RAISE(ABORT, 'the print log is append-only');
END;

CREATE UNIQUE INDEX print_log_result_of ON print_log (attempt_seq)
    WHERE kind = 'result';
CREATE INDEX print_log_copies ON print_log (order_id, ticket_id, platform)
    WHERE kind = 'attempt';
CREATE INDEX print_log_at ON print_log (at) WHERE kind = 'attempt';
CREATE INDEX print_log_operator ON print_log (operator_name COLLATE NOCASE)
    WHERE kind = 'attempt';
CREATE INDEX print_log_order_number ON print_log (order_number)
    WHERE kind = 'attempt';
CREATE INDEX print_log_reprints ON print_log (seq)
    WHERE kind = 'attempt' AND reprint > 0;
CREATE INDEX print_log_controls ON print_log (seq) WHERE kind = 'control';
