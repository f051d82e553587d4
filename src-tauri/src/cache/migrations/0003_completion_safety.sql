-- Completions are moved by compare-and-set under an owner. `runner` names the
-- run that holds the entry (a process and a run within it); a second window,
-- a CLI run or a double click finds the entry held and reports what the
-- holder is doing instead of sending the same request again. A runner whose
-- process has died (its lock file is free) may be taken over.
ALTER TABLE completions ADD COLUMN runner TEXT;
-- When the request first left, for "pending for 40 s" at the counter.
ALTER TABLE completions ADD COLUMN sent_at TEXT;
ALTER TABLE completions ADD COLUMN polls INTEGER NOT NULL DEFAULT 0;
-- What the platform said when it refused or failed, as support asks for it:
-- the HTTP status, Paciolan's error `type` and `appErrorCode`.
ALTER TABLE completions ADD COLUMN http_status INTEGER;
ALTER TABLE completions ADD COLUMN error_type TEXT;
ALTER TABLE completions ADD COLUMN error_code TEXT;
-- Who started the completion, and at which till.
ALTER TABLE completions ADD COLUMN operator TEXT;
ALTER TABLE completions ADD COLUMN workstation TEXT;

-- The venue's time zone for a connection, used when a platform's answer
-- leaves the session's zone out.
ALTER TABLE profiles ADD COLUMN time_zone TEXT;

