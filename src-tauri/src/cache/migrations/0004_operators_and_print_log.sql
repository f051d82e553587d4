-- Operators: the cashiers and managers who sign in at the counter. Only an
-- Argon2id hash of each PIN is kept (a PHC string); the PIN itself never
-- reaches the database. Operators are never deleted, only marked removed,
-- because the print log and the events keep referring to them.
CREATE TABLE operators (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('cashier', 'manager')),
    pin_hash     TEXT NOT NULL,
    -- The documented demo operators of training mode.
    training     INTEGER NOT NULL DEFAULT 0 CHECK (training IN (0, 1)),
    -- Wrong PINs in a row since the last sign-in, unlock or lock.
    failed_pins  INTEGER NOT NULL DEFAULT 0,
    -- Locks since the last successful sign-in: each one lasts longer.
    locks        INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at   TEXT NOT NULL,
    removed_at   TEXT
) STRICT;

-- A name names one operator at a time (removed ones free their name); the
-- demo operators live beside real ones of the same name.
CREATE UNIQUE INDEX operators_live_name
    ON operators (name COLLATE NOCASE, training) WHERE removed_at IS NULL;

-- What happened to an operator and where: sign-ins, every wrong PIN, locks,
-- unlocks, additions, removals. Append-only like the print log.
CREATE TABLE operator_events (
    id          INTEGER PRIMARY KEY,
    operator_id INTEGER NOT NULL REFERENCES operators (id),
    kind        TEXT NOT NULL,
    workstation TEXT NOT NULL,
    -- The manager who did it (added, removed, unlocked).
    by_operator INTEGER REFERENCES operators (id),
    detail      TEXT,
    at          TEXT NOT NULL
) STRICT;

CREATE INDEX operator_events_operator ON operator_events (operator_id, id);

CREATE TRIGGER operator_events_no_update BEFORE UPDATE ON operator_events
BEGIN
    SELECT RAISE(ABORT, 'operator events are append-only');
END;

CREATE TRIGGER operator_events_no_delete BEFORE DELETE ON operator_events
BEGIN
    SELECT RAISE(ABORT, 'operator events are append-only');
END;

-- Every print, original or reprint, successful or not. Two kinds of entry:
-- an `attempt` is appended before the job is sent, a `result` (pointing at
-- its attempt) once the outcome is known, so a crash in between still leaves
-- the attempt on record. Each entry carries a SHA-256 over its content and
-- the previous entry's hash, which `box-office printlog verify` recomputes.
CREATE TABLE print_log (
    seq                INTEGER PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('attempt', 'result')),
    -- result: the attempt it closes
    attempt_seq        INTEGER REFERENCES print_log (seq),
    -- attempt: what was printed, by whom, where, on what
    platform           TEXT,
    order_id           TEXT,
    order_number       TEXT,
    -- NULL for an order form covering the whole order
    ticket_id          TEXT,
    operator_id        INTEGER REFERENCES operators (id),
    operator_name      TEXT,
    authorised_by_id   INTEGER REFERENCES operators (id),
    authorised_by_name TEXT,
    workstation        TEXT,
    -- 'PDF' or the printer's name
    target             TEXT,
    stock              TEXT,
    -- 0 for an original, n for the n-th reprint
    reprint            INTEGER,
    reason             TEXT,
    reason_note        TEXT,
    -- result: printed | accepted-not-confirmed | saved-as-pdf | failed
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
        ('printed', 'accepted-not-confirmed', 'saved-as-pdf', 'failed')))
) STRICT;

-- Entries are numbered 1, 2, 3, ... and each links to the one before it;
-- a writer that skips a number or a link is refused here too.
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

-- One result per attempt, found from the attempt.
CREATE UNIQUE INDEX print_log_result_of ON print_log (attempt_seq)
    WHERE kind = 'result';
-- How many copies of a ticket (or order form) exist; also the list's order
-- filter by id.
CREATE INDEX print_log_copies ON print_log (order_id, ticket_id, platform)
    WHERE kind = 'attempt';
-- The list's other filters: date range, operator, order number, reprints.
CREATE INDEX print_log_at ON print_log (at) WHERE kind = 'attempt';
CREATE INDEX print_log_operator ON print_log (operator_name COLLATE NOCASE)
    WHERE kind = 'attempt';
CREATE INDEX print_log_order_number ON print_log (order_number)
    WHERE kind = 'attempt';
CREATE INDEX print_log_reprints ON print_log (seq)
    WHERE kind = 'attempt' AND reprint > 0;
