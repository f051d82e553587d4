-- Connection profiles: one per platform connection. Only non-secret settings
-- live here; tokens and keys are in the OS keyring under the profile's name.
CREATE TABLE profiles (
    name           TEXT PRIMARY KEY,
    platform       TEXT NOT NULL,
    display_name   TEXT NOT NULL,
    base_url       TEXT NOT NULL,
    region_code    TEXT,
    application_id TEXT,
    channel_code   TEXT,
    partner_id     TEXT,
    currency       TEXT NOT NULL,
    created_at     TEXT NOT NULL
) STRICT;

-- The completion journal. A row is written before the request goes out and
-- updated as answers come back, so a crash, a timeout or a lost answer never
-- loses a completion and never makes the counter send it twice.
CREATE TABLE completions (
    id          INTEGER PRIMARY KEY,
    platform    TEXT NOT NULL,
    order_id    TEXT NOT NULL,
    profile     TEXT NOT NULL,
    -- UUID v4, generated once: Paciolan's Request-ID on every retry and poll,
    -- and the reference to give the platform's support.
    request_id  TEXT NOT NULL UNIQUE,
    state       TEXT NOT NULL,
    process_id  TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0,
    input       TEXT,
    outcome     TEXT,
    message     TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
) STRICT;

-- At most one live completion per order: a second one can only start once
-- the first has failed or been set aside by a person.
CREATE UNIQUE INDEX completions_one_live_per_order
    ON completions (platform, order_id)
    WHERE state NOT IN ('failed', 'abandoned');

CREATE INDEX completions_unfinished ON completions (state)
    WHERE state IN ('intent', 'sending', 'pending', 'unknown');
