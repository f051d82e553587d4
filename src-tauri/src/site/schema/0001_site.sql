-- Box Office site schema, version 1: what the counters of one cinema share.
-- Applied by `box-office site migrate` as the schema's owner; counters
-- connect as the application role, which may read, and may only append to
-- the print log.

CREATE TABLE site (
    id             integer PRIMARY KEY CHECK (id = 1),
    site_id        uuid NOT NULL,
    schema_version integer NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now()
);
INSERT INTO site (id, site_id, schema_version) VALUES (1, gen_random_uuid(), 1);

-- The counters that joined, by the name they record in the log.
CREATE TABLE counters (
    name      text PRIMARY KEY,
    joined_at timestamptz NOT NULL DEFAULT now(),
    last_seen timestamptz NOT NULL DEFAULT now()
);

-- Change numbers for what counters pull (orders, operators, completions):
-- one counter row, taken under a row lock by every writer, so the numbers
-- are handed out in commit order and a puller never skips one.
CREATE TABLE change_head (id integer PRIMARY KEY CHECK (id = 1), n bigint NOT NULL);
INSERT INTO change_head VALUES (1, 0);

CREATE FUNCTION next_change() RETURNS bigint
LANGUAGE sql SECURITY DEFINER SET search_path = public AS
$$ UPDATE change_head SET n = n + 1 WHERE id = 1 RETURNING n $$;

-- The print log of the whole site. A counter INSERTs an entry with its own
-- key; the trigger below gives it the next number, decides its copy number,
-- and chains its hash to the entry before, all under one lock.
CREATE TABLE print_log (
    seq                bigint PRIMARY KEY,
    entry_key          uuid NOT NULL UNIQUE,
    counter            text NOT NULL,
    local_seq          bigint,
    kind               text NOT NULL CHECK (kind IN ('attempt', 'result', 'control')),
    attempt_key        uuid,
    platform           text,
    order_id           text,
    order_number       text,
    ticket_id          text,
    operator_name      text,
    authorised_by_name text,
    workstation        text,
    target             text,
    stock              text,
    copy               integer,
    reason             text,
    reason_note        text,
    outcome            text,
    job_id             text,
    detail             text,
    at                 text NOT NULL,
    offline            boolean NOT NULL DEFAULT false,
    conflict           boolean NOT NULL DEFAULT false,
    received_at        text NOT NULL DEFAULT '',
    prev_hash          text NOT NULL DEFAULT '',
    hash               text NOT NULL DEFAULT ''
);

-- At most one original of a ticket (or order form) at the site. A second
-- one printed while two counters were cut off is kept, marked a conflict.
CREATE UNIQUE INDEX print_log_one_original
    ON print_log (platform, order_id, coalesce(ticket_id, ''))
    WHERE kind = 'attempt' AND copy = 0 AND NOT conflict;
CREATE INDEX print_log_copies ON print_log (platform, order_id, ticket_id) WHERE kind = 'attempt';
CREATE INDEX print_log_results ON print_log (attempt_key) WHERE kind = 'result';

CREATE TABLE print_log_head (id integer PRIMARY KEY CHECK (id = 1), seq bigint NOT NULL, hash text NOT NULL);
INSERT INTO print_log_head VALUES (1, 0, repeat('0', 64));

-- One field of the hashed text: its length in characters, then the text;
-- NULL as a lone '-', so no two entries encode alike.
CREATE FUNCTION chain_field(v text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT CASE WHEN v IS NULL THEN '-' ELSE char_length(v)::text || ':' || v END $$;

CREATE FUNCTION print_log_entry_hash(e print_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT encode(sha256(convert_to(concat(
        'box-office site log v1|',
        chain_field(e.seq::text), chain_field(e.entry_key::text), chain_field(e.counter),
        chain_field(e.local_seq::text), chain_field(e.kind), chain_field(e.attempt_key::text),
        chain_field(e.platform), chain_field(e.order_id), chain_field(e.order_number),
        chain_field(e.ticket_id), chain_field(e.operator_name), chain_field(e.authorised_by_name),
        chain_field(e.workstation), chain_field(e.target), chain_field(e.stock),
        chain_field(e.copy::text), chain_field(e.reason), chain_field(e.reason_note),
        chain_field(e.outcome), chain_field(e.job_id), chain_field(e.detail), chain_field(e.at),
        chain_field(CASE WHEN e.offline THEN 't' ELSE 'f' END),
        chain_field(CASE WHEN e.conflict THEN 't' ELSE 'f' END),
        chain_field(e.received_at), chain_field(e.prev_hash)
    ), 'UTF8')), 'hex')
$$;

CREATE FUNCTION print_log_append() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
    head   print_log_head;
    copies integer;
BEGIN
    SELECT * INTO head FROM print_log_head WHERE id = 1 FOR UPDATE;
    NEW.seq := head.seq + 1;
    NEW.prev_hash := head.hash;
    NEW.conflict := false;
    NEW.received_at := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
    IF NEW.kind = 'attempt' THEN
        -- Copies on record: attempts not closed as failed (one without a
        -- result may have printed).
        SELECT count(*) INTO copies FROM print_log a
        WHERE a.kind = 'attempt' AND a.platform = NEW.platform AND a.order_id = NEW.order_id
          AND a.ticket_id IS NOT DISTINCT FROM NEW.ticket_id
          AND NOT EXISTS (SELECT 1 FROM print_log r
                          WHERE r.kind = 'result' AND r.attempt_key = a.entry_key
                            AND r.outcome = 'failed');
        IF NEW.copy = 0 AND copies > 0 THEN
            IF NEW.offline THEN
                -- Printed as an original by a counter that was cut off:
                -- kept, never dropped, and shown as a conflict.
                NEW.conflict := true;
            ELSE
                RAISE EXCEPTION 'already printed' USING ERRCODE = 'BX001';
            END IF;
        ELSIF NEW.copy > 0 AND NOT NEW.offline THEN
            IF copies = 0 THEN
                RAISE EXCEPTION 'not printed yet' USING ERRCODE = 'BX002';
            END IF;
            -- A reprint is numbered by the site's count.
            NEW.copy := copies;
        END IF;
    END IF;
    NEW.hash := print_log_entry_hash(NEW);
    UPDATE print_log_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
    RETURN NEW;
END
$$;

CREATE TRIGGER print_log_append BEFORE INSERT ON print_log
    FOR EACH ROW EXECUTE FUNCTION print_log_append();

CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'BX003';
END
$$;

CREATE TRIGGER print_log_no_change BEFORE UPDATE OR DELETE ON print_log
    FOR EACH ROW EXECUTE FUNCTION append_only();
CREATE TRIGGER print_log_no_truncate BEFORE TRUNCATE ON print_log
    FOR EACH STATEMENT EXECUTE FUNCTION append_only();

-- A manager's acknowledgement of a conflict (a second original).
CREATE TABLE conflict_acks (
    seq      bigint PRIMARY KEY REFERENCES print_log (seq),
    by_name  text NOT NULL,
    counter  text NOT NULL,
    at       text NOT NULL,
    change   bigint NOT NULL
);

-- Operators, decided here: counters keep a copy (PIN hashes only) to sign
-- in while cut off.
CREATE TABLE operators (
    id           uuid PRIMARY KEY,
    name         text NOT NULL,
    role         text NOT NULL CHECK (role IN ('cashier', 'manager')),
    pin_hash     text NOT NULL,
    failed_pins  integer NOT NULL DEFAULT 0,
    locks        integer NOT NULL DEFAULT 0,
    locked_until text,
    created_at   text NOT NULL,
    removed_at   text,
    change       bigint NOT NULL
);
CREATE UNIQUE INDEX operators_live_name ON operators (lower(name)) WHERE removed_at IS NULL;
CREATE INDEX operators_change ON operators (change);

-- Orders every counter fetched, completed or imported.
CREATE TABLE orders (
    platform   text NOT NULL,
    id         text NOT NULL,
    status     text NOT NULL,
    profile    text,
    document   text NOT NULL,
    counter    text NOT NULL,
    updated_at text NOT NULL,
    change     bigint NOT NULL,
    PRIMARY KEY (platform, id)
);
CREATE INDEX orders_change ON orders (change);

-- Who is completing which order, and every completion of the cinema.
CREATE TABLE completions (
    request_id  uuid PRIMARY KEY,
    platform    text NOT NULL,
    order_id    text NOT NULL,
    counter     text NOT NULL,
    journal_id  bigint NOT NULL,
    state       text NOT NULL,
    operator    text,
    message     text,
    answer      text,
    version     bigint NOT NULL,
    updated_at  text NOT NULL,
    -- When a counter claimed the order; a claim whose completion never
    -- started (journal_id 0) lapses after two minutes.
    claimed_at  timestamptz NOT NULL DEFAULT now(),
    change      bigint NOT NULL
);
CREATE INDEX completions_change ON completions (change);
CREATE INDEX completions_order ON completions (platform, order_id);

-- The application's role: read everything, append to the log, write what
-- counters share; never change or remove a log entry.
DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'box_office_app') THEN
        GRANT SELECT ON ALL TABLES IN SCHEMA public TO box_office_app;
        GRANT INSERT ON print_log, conflict_acks TO box_office_app;
        GRANT INSERT, UPDATE ON counters, operators, orders, completions TO box_office_app;
        GRANT EXECUTE ON FUNCTION next_change() TO box_office_app;
        REVOKE UPDATE, DELETE, TRUNCATE ON print_log, print_log_head, conflict_acks FROM box_office_app;
    END IF;
END $$;
